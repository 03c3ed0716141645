// Refunding a past order, approved by a manager: the whole order or some of its lines, never
// more than was sold minus what this till already refunded, to the methods that took the money
// or onto the customer's wallet. The refund is a new order naming the original, validated and
// queued through the same path as a sale; the drawer opens when cash goes back.
import { useMemo, useState } from 'react';
import type { Customer, Order, PaymentMethod } from '../../../shared/domain.ts';
import { newId } from '../../../shared/ids.ts';
import { useI18n } from '../../i18n/context.tsx';
import { refusalMessage } from '../../i18n/reasons.ts';
import {
  planRefund,
  refundableLines,
  type RefundDestination,
  type RefundProblem,
  type RefundableLine,
} from '../../sale/refund.ts';
import type { SaleDraft } from '../../sale/sale.ts';
import { validateSale } from '../../sale/validate-sale.ts';
import type { Translate } from '../../i18n/i18n.ts';
import { useLiveQuery } from '../hooks/use-live-query.ts';
import { useShortcuts } from '../hooks/use-shortcuts.ts';
import { useMoney } from '../hooks/use-store-settings.ts';
import { rendererLogger } from '../log.ts';
import { parseQuantityMilli } from '../sale/draft.ts';
import { useOpenSession } from '../session/session-context.tsx';
import { Kbd } from '../shell/Kbd.tsx';
import type { ManagerApproval } from '../staff/types.ts';
import { useStaff } from '../staff/staff-context.tsx';
import { useTill } from '../till-context.tsx';

const logger = rendererLogger.child('refund');

interface RefundSource {
  original: Order;
  earlierRefunds: Order[];
  customer: Customer | null;
  walletMethod: PaymentMethod | null;
}

function useRefundSource(orderId: string): RefundSource | null | undefined {
  const { db } = useTill();
  return useLiveQuery<RefundSource | null | undefined>(
    async () => {
      const tillOrder = await db.orders.get(orderId);
      if (!tillOrder) return null;
      const [refunds, customer, methods] = await Promise.all([
        db.orders.where('order.refundOfOrderId').equals(orderId).toArray(),
        tillOrder.order.customerId ? db.customers.get(tillOrder.order.customerId) : undefined,
        db.paymentMethods.orderBy('sortOrder').toArray(),
      ]);
      return {
        original: tillOrder.order,
        // A refund the server refused never gave anything back.
        earlierRefunds: refunds.filter((row) => row.status !== 'failed').map((row) => row.order),
        customer: customer ?? null,
        walletMethod: methods.find((method) => method.kind === 'wallet' && method.isActive) ?? null,
      };
    },
    [db, orderId],
    undefined,
  );
}

function quantityText(quantityMilli: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(quantityMilli / 1000);
}

/** The typed quantities, or the first line whose text is not a quantity. */
function readQuantities(
  texts: Readonly<Record<number, string>>,
): { ok: true; quantities: Map<number, number> } | { ok: false; index: number } {
  const quantities = new Map<number, number>();
  for (const [key, text] of Object.entries(texts)) {
    const index = Number(key);
    if (text.trim() === '' || /^\s*0+([.,]0*)?\s*$/.test(text)) continue;
    const quantityMilli = parseQuantityMilli(text);
    if (quantityMilli === null) return { ok: false, index };
    quantities.set(index, quantityMilli);
  }
  return { ok: true, quantities };
}

function problemMessage(
  t: Translate,
  problem: RefundProblem,
  lines: readonly RefundableLine[],
  locale: string,
): string {
  switch (problem.reason) {
    case 'nothing':
      return t('refund.nothing');
    case 'not_refundable':
      return t('refund.topUp.excluded');
    case 'too_much': {
      const name = lines[problem.index]?.line.name ?? '';
      return t('refund.tooMuch', { name, quantity: quantityText(problem.remainingMilli, locale) });
    }
  }
}

export function RefundScreen(props: {
  orderId: string;
  approval: ManagerApproval;
  onCancel: () => void;
  onRefunded: (refundOrderId: string) => void;
}) {
  const source = useRefundSource(props.orderId);
  if (source === undefined) return null;
  if (source === null) return <RefundMissing onCancel={props.onCancel} />;
  return <RefundForm {...props} source={source} />;
}

function RefundMissing(props: { onCancel: () => void }) {
  const { t } = useI18n();
  useShortcuts({ Escape: props.onCancel });
  return (
    <p className="refusal" role="alert">
      {t('receipt.notFound')}
    </p>
  );
}

function RefundForm(props: {
  source: RefundSource;
  approval: ManagerApproval;
  onCancel: () => void;
  onRefunded: (refundOrderId: string) => void;
}) {
  const { t } = useI18n();
  const { db, engine, client, connection, host } = useTill();
  const { format, settings } = useMoney();
  const staff = useStaff();
  const session = useOpenSession();
  const { original, earlierRefunds, customer, walletMethod } = props.source;
  // Made once, so a second press on validate answers with the refund the first one wrote.
  const [refundOrderId] = useState(() => newId());
  const [texts, setTexts] = useState<Record<number, string>>({});
  const [destination, setDestination] = useState<RefundDestination>('original');
  const [problem, setProblem] = useState<string | null>(null);
  const [isValidating, setValidating] = useState(false);
  useShortcuts({ Escape: props.onCancel }, !isValidating);

  const lines = useMemo(
    () => refundableLines(original, earlierRefunds),
    [original, earlierRefunds],
  );
  const isWalletOffered = Boolean(customer?.isWalletUser && walletMethod);
  const isAnythingLeft = lines.some((entry) => entry.isRefundable && entry.remainingMilli > 0);
  const hasTopUp = lines.some((entry) => entry.line.isWalletCredit);

  const typed = readQuantities(texts);
  const plan = typed.ok
    ? planRefund({
        original,
        earlierRefunds,
        quantitiesMilli: typed.quantities,
        destination,
        walletMethod,
      })
    : null;

  const refundWhole = () => {
    const whole: Record<number, string> = {};
    for (const entry of lines) {
      if (entry.isRefundable && entry.remainingMilli > 0) {
        whole[entry.index] = quantityText(entry.remainingMilli, 'en').replace(/,/g, '');
      }
    }
    setTexts(whole);
  };

  const validate = async () => {
    if (isValidating) return;
    if (!typed.ok) {
      const name = lines[typed.index]?.line.name ?? '';
      return setProblem(t('refund.badQuantity', { name }));
    }
    if (!plan?.ok) {
      return setProblem(
        plan ? problemMessage(t, plan.problem, lines, settings.locale) : t('refund.nothing'),
      );
    }
    setProblem(null);
    setValidating(true);
    try {
      const fresh = customer ? ((await db.customers.get(customer.id)) ?? customer) : null;
      const cashier = staff.current;
      const draft: SaleDraft = {
        orderId: refundOrderId,
        customer: fresh,
        lines: plan.lines,
        payments: plan.payments,
        isChangeToWallet: false,
        cashierId: cashier?.id ?? null,
        cashierName: cashier?.name ?? null,
        sessionId: session.id,
        refundOfOrderId: original.id,
      };
      const deps = { db, engine, client, tillId: connection.tillId, logger };
      const outcome = await validateSale(deps, draft);
      if (!outcome.ok) {
        logger.info('refund refused', { reason: outcome.reason });
        return setProblem(
          refusalMessage(t, format, outcome.reason, {
            availableMinor: outcome.availableMinor,
            dueMinor: 0,
            offlinePaymentMaxMinor: settings.offlineWalletLimits.perPaymentMaxMinor,
            offlineCustomerMaxMinor: settings.offlineWalletLimits.perCustomerMaxMinor,
          }),
        );
      }
      if (plan.payments.some((payment) => payment.kind === 'cash' && payment.amountMinor < 0)) {
        host.openDrawer().then(
          (opened) => {
            if (!opened.ok) logger.warn('drawer did not open', { reason: opened.reason });
          },
          (error: unknown) => logger.error('drawer call failed', { error }),
        );
      }
      props.onRefunded(outcome.orderId);
    } catch (error) {
      logger.error('refund validation failed', { error });
      setProblem(t('refusal.unexpected'));
    } finally {
      setValidating(false);
    }
  };

  return (
    <section className="panel refund" data-testid="refund-screen" data-order-id={original.id}>
      <header className="panel__header">
        <h1 className="panel__heading">{t('refund.title', { sequence: original.sequence })}</h1>
        <button type="button" className="button button--ghost" onClick={props.onCancel}>
          {t('shortcut.back')} <Kbd keys={t('shortcut.escape')} />
        </button>
      </header>
      <p className="note" data-testid="refund-approved-by">
        {t('refund.approvedBy', { name: props.approval.manager.name })}
      </p>
      {!isAnythingLeft && (
        <p className="note note--offline" data-testid="refund-nothing-left">
          {t('refund.nothingLeft')}
        </p>
      )}
      <table className="history__table">
        <thead>
          <tr>
            <th>{t('refund.column.article')}</th>
            <th>{t('refund.column.sold')}</th>
            <th>{t('refund.column.refunded')}</th>
            <th>{t('refund.column.quantity')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((entry) => (
            <tr
              key={entry.index}
              data-testid="refund-line"
              data-line-index={entry.index}
              data-remaining-milli={entry.remainingMilli}
            >
              <td>{entry.line.name}</td>
              <td>{quantityText(entry.soldMilli, settings.locale)}</td>
              <td>{quantityText(entry.refundedMilli, settings.locale)}</td>
              <td>
                {entry.isRefundable ? (
                  <input
                    className="input input--quantity"
                    inputMode="decimal"
                    aria-label={t('refund.line.quantity', { name: entry.line.name })}
                    disabled={entry.remainingMilli === 0}
                    value={texts[entry.index] ?? ''}
                    onChange={(event) =>
                      setTexts((current) => ({ ...current, [entry.index]: event.target.value }))
                    }
                    data-testid="refund-quantity"
                  />
                ) : (
                  <span data-testid="refund-line-excluded">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {hasTopUp && (
        <p className="note" data-testid="refund-topup-note">
          {t('refund.topUp.excluded')}
        </p>
      )}
      <button
        type="button"
        className="button"
        disabled={!isAnythingLeft}
        onClick={refundWhole}
        data-testid="refund-whole"
      >
        {t('refund.whole')}
      </button>
      <fieldset className="refund__destination">
        <legend>{t('refund.destination')}</legend>
        <label>
          <input
            type="radio"
            name="refund-destination"
            checked={destination === 'original'}
            onChange={() => setDestination('original')}
            data-testid="refund-destination-original"
          />
          {t('refund.destination.original')}
        </label>
        {isWalletOffered && customer && (
          <label>
            <input
              type="radio"
              name="refund-destination"
              checked={destination === 'wallet'}
              onChange={() => setDestination('wallet')}
              data-testid="refund-destination-wallet"
            />
            {t('refund.destination.wallet', { name: customer.name })}
          </label>
        )}
      </fieldset>
      <p
        className="refund__total"
        data-testid="refund-total"
        data-minor={plan?.ok ? plan.refundMinor : 0}
      >
        {t('refund.totalAmount', { amount: format(plan?.ok ? plan.refundMinor : 0) })}
      </p>
      {problem && (
        <p className="refusal" role="alert" data-testid="refund-problem">
          {problem}
        </p>
      )}
      <button
        type="button"
        className="button button--primary button--huge"
        disabled={isValidating || !isAnythingLeft}
        onClick={() => void validate()}
        data-testid="refund-validate"
      >
        {isValidating ? t('refund.validating') : t('refund.validate')}
      </button>
    </section>
  );
}
