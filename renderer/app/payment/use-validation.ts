// Validating the sale from the payment screen: the freshest customer record, validateSale, then
// either the receipt or a refusal in plain words. The drawer opens when cash was taken.
import { useState } from 'react';
import type { OrderPayment } from '../../../shared/domain.ts';
import type { HostApi } from '../../../shared/host-api.ts';
import { useT } from '../../i18n/context.tsx';
import { refusalMessage } from '../../i18n/reasons.ts';
import { validateSale } from '../../sale/validate-sale.ts';
import { useMoney } from '../hooks/use-store-settings.ts';
import { rendererLogger } from '../log.ts';
import { useSale } from '../sale/sale-context.tsx';
import { useOpenSession } from '../session/session-context.tsx';
import { useTill } from '../till-context.tsx';

const logger = rendererLogger.child('payment');

function isCashTaken(payments: readonly OrderPayment[]): boolean {
  return payments.some((payment) => payment.kind === 'cash' && payment.amountMinor > 0);
}

/** The drawer opens as soon as cash is taken, so the change can be given before printing. */
function openDrawer(host: HostApi): void {
  host.openDrawer().then(
    (outcome) => {
      if (!outcome.ok) logger.warn('drawer did not open', { reason: outcome.reason });
    },
    (error: unknown) => logger.error('drawer call failed', { error }),
  );
}

export function useValidation(
  onValidated: (orderId: string) => void,
  dueMinor: number,
  isChangeToWallet: boolean,
) {
  const t = useT();
  const { db, engine, client, connection, host } = useTill();
  const { format, settings } = useMoney();
  const sale = useSale();
  const session = useOpenSession();
  const [isValidating, setValidating] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  const validate = async () => {
    setValidating(true);
    setRefusal(null);
    try {
      const chosen = sale.draft.customer;
      // The freshest record the till has: a refresh or a pull may have landed since the choice.
      const customer = chosen ? ((await db.customers.get(chosen.id)) ?? chosen) : null;
      const draft = { ...sale.draft, customer, isChangeToWallet, sessionId: session.id };
      const deps = { db, engine, client, tillId: connection.tillId, logger };
      const outcome = await validateSale(deps, draft);
      if (outcome.ok) {
        if (isCashTaken(draft.payments)) openDrawer(host);
        return onValidated(outcome.orderId);
      }
      logger.info('sale refused', { reason: outcome.reason });
      const limits = settings.offlineWalletLimits;
      setRefusal(
        refusalMessage(t, format, outcome.reason, {
          availableMinor: outcome.availableMinor,
          dueMinor,
          offlinePaymentMaxMinor: limits.perPaymentMaxMinor,
          offlineCustomerMaxMinor: limits.perCustomerMaxMinor,
        }),
      );
    } catch (error) {
      logger.error('sale validation failed', { error });
      setRefusal(t('refusal.unexpected'));
    } finally {
      setValidating(false);
    }
  };
  return { validate, isValidating, refusal, setRefusal };
}
