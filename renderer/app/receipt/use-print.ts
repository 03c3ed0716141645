// Printing a receipt through the host. A printer problem is a message for the cashier and
// never touches the sale: it is validated and stored before the first attempt, and can be
// reprinted from the history as often as needed.
import { useCallback, useState } from 'react';
import type { PrintOutcome } from '../../../shared/host-api.ts';
import type { ReceiptDocument } from '../../../shared/receipt.ts';
import { useT } from '../../i18n/context.tsx';
import { printFailureMessage } from '../../i18n/reasons.ts';
import { rendererLogger } from '../log.ts';
import { useTill } from '../till-context.tsx';

const logger = rendererLogger.child('print');

export interface PrintState {
  phase: 'idle' | 'printing' | 'done' | 'failed';
  message: string | null;
}

export function usePrint() {
  const t = useT();
  const { host } = useTill();
  const [state, setState] = useState<PrintState>({ phase: 'idle', message: null });

  const print = useCallback(
    async (document: ReceiptDocument) => {
      setState({ phase: 'printing', message: t('print.printing') });
      let outcome: PrintOutcome;
      try {
        // The drawer opened when the sale was validated, so the cashier could make change even
        // with the printer down; printing (or reprinting from the history) must not open it
        // again.
        outcome = await host.printReceipt({ ...document, isCashTaken: false });
      } catch (error) {
        // The host answers failures as values; a throw means the bridge itself broke.
        logger.error('print call failed', { error });
        outcome = { ok: false, reason: 'failed' };
      }
      if (outcome.ok) {
        setState({ phase: 'done', message: t('print.ok') });
        return;
      }
      logger.warn('receipt not printed', { reason: outcome.reason, orderId: document.orderId });
      setState({ phase: 'failed', message: printFailureMessage(t, outcome.reason) });
    },
    [host, t],
  );
  return { print, state };
}
