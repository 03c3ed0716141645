// After validation: the change to hand back, the receipt as it will print, Print and New sale.
// The sale is already stored, so nothing on this screen can undo it.
import { orderTotals } from '../../../shared/order-math.ts';
import { useState } from 'react';
import { useT } from '../../i18n/context.tsx';
import { useLiveQuery } from '../hooks/use-live-query.ts';
import { useShortcuts } from '../hooks/use-shortcuts.ts';
import { useMoney } from '../hooks/use-store-settings.ts';
import { Kbd } from '../shell/Kbd.tsx';
import { useTill } from '../till-context.tsx';
import { loadReceipt, type StoredReceipt } from './receipt-document.ts';
import { ReceiptPreview } from './ReceiptPreview.tsx';
import { usePrint } from './use-print.ts';

function PrintMessage(props: { phase: string; message: string | null }) {
  if (props.message === null) return null;
  const isFailure = props.phase === 'failed';
  return (
    <p
      className={`print-message print-message--${props.phase}`}
      data-testid="print-message"
      role={isFailure ? 'alert' : 'status'}
    >
      {props.message}
    </p>
  );
}

function ReceiptActions(props: {
  receipt: StoredReceipt;
  isFromHistory: boolean;
  onDone: () => void;
  onRefund?: ((orderId: string) => Promise<boolean>) | undefined;
}) {
  const t = useT();
  const { format } = useMoney();
  const { print, state } = usePrint();
  const { order, isBalanceProvisional, walletBalanceAfterMinor } = props.receipt.tillOrder;
  const printNow = () => {
    if (state.phase !== 'printing') void print(props.receipt.document);
  };
  useShortcuts({ F4: printNow, Enter: props.onDone, Escape: props.onDone });
  const [refundRefusal, setRefundRefusal] = useState<string | null>(null);
  const { onRefund } = props;
  // A refund is refunded by nobody, and a refused sale gave nothing to give back.
  const isRefundable =
    props.isFromHistory &&
    onRefund !== undefined &&
    order.refundOfOrderId === null &&
    props.receipt.tillOrder.status !== 'failed';
  const refund = async () => {
    if (!onRefund) return;
    setRefundRefusal(null);
    if (!(await onRefund(order.id))) setRefundRefusal(t('refund.notApproved'));
  };

  return (
    <section className="panel receipt__actions">
      <h1 className="receipt__title">{t('receipt.title')}</h1>
      {order.changeGivenMinor > 0 && (
        <p className="receipt__change" data-testid="receipt-change">
          {t('receipt.change', { amount: format(order.changeGivenMinor) })}
        </p>
      )}
      <dl className="figures">
        <div className="figures__row">
          <dt>{t('receipt.total')}</dt>
          <dd>{format(orderTotals(order).totalMinor)}</dd>
        </div>
        {walletBalanceAfterMinor !== null && (
          <div className="figures__row">
            <dt>{t('receipt.balance')}</dt>
            <dd data-testid="receipt-balance">{format(walletBalanceAfterMinor)}</dd>
          </div>
        )}
      </dl>
      {order.changeToWalletMinor > 0 && (
        <p className="note note--wallet">
          {t('receipt.changeToWallet', { amount: format(order.changeToWalletMinor) })}
        </p>
      )}
      {isBalanceProvisional && walletBalanceAfterMinor !== null && (
        <p className="note note--offline">{t('receipt.provisional')}</p>
      )}
      <button
        type="button"
        className="button button--huge"
        data-testid="print-button"
        disabled={state.phase === 'printing'}
        onClick={printNow}
      >
        {t('receipt.print')} <Kbd keys="F4" />
      </button>
      <PrintMessage phase={state.phase} message={state.message} />
      {isRefundable && (
        <button
          type="button"
          className="button button--huge"
          data-testid="refund-button"
          onClick={() => void refund()}
        >
          {t('refund.button')}
        </button>
      )}
      {refundRefusal && (
        <p className="refusal" role="alert" data-testid="refund-refusal">
          {refundRefusal}
        </p>
      )}
      <button
        type="button"
        className="button button--primary button--huge"
        data-testid="new-sale-button"
        autoFocus
        onClick={props.onDone}
      >
        {props.isFromHistory ? t('shortcut.back') : t('receipt.newSale')}{' '}
        <Kbd keys={t('shortcut.enter')} />
      </button>
    </section>
  );
}

export function ReceiptScreen(props: {
  orderId: string;
  isFromHistory: boolean;
  onDone: () => void;
  onRefund?: (orderId: string) => Promise<boolean>;
}) {
  const t = useT();
  const { db, connection } = useTill();
  const { settings } = useMoney();
  const receipt = useLiveQuery(
    () => loadReceipt(db, props.orderId, { t, settings, tillName: connection.tillName }),
    [db, props.orderId, t, settings, connection.tillName],
    undefined,
  );
  if (receipt === undefined) return null;
  if (receipt === null) {
    return (
      <p className="refusal" role="alert">
        {t('receipt.notFound')}
      </p>
    );
  }
  return (
    <div className="receipt">
      <ReceiptActions
        receipt={receipt}
        isFromHistory={props.isFromHistory}
        onDone={props.onDone}
        onRefund={props.onRefund}
      />
      <div className="receipt__paper">
        <ReceiptPreview document={receipt.document} />
      </div>
    </div>
  );
}
