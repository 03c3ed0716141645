// The till's recent sales with where each stands with the server: waiting to be sent, booked,
// or refused (with the reason), or refused then set aside by a manager (with who did). Any of
// them can be reprinted, or opened to see its receipt.
import type { Order } from '../../../shared/domain.ts';
import { orderTotals } from '../../../shared/order-math.ts';
import { useI18n } from '../../i18n/context.tsx';
import { pushFailureMessage } from '../../i18n/reasons.ts';
import type { TillOrder } from '../../store/database.ts';
import { useLiveQuery } from '../hooks/use-live-query.ts';
import { useShortcuts } from '../hooks/use-shortcuts.ts';
import { useMoney } from '../hooks/use-store-settings.ts';
import { loadReceipt } from '../receipt/receipt-document.ts';
import { usePrint } from '../receipt/use-print.ts';
import { Kbd } from '../shell/Kbd.tsx';
import { useTill } from '../till-context.tsx';

const recentOrdersMax = 100;

interface HistoryRow {
  tillOrder: TillOrder;
  customerName: string | null;
}

function useRecentOrders(): HistoryRow[] {
  const { db } = useTill();
  return useLiveQuery(
    async () => {
      const orders = await db.orders
        .orderBy('order.createdAt')
        .reverse()
        .limit(recentOrdersMax)
        .toArray();
      const ids = [...new Set(orders.flatMap((row) => row.order.customerId ?? []))];
      const customers = await db.customers.bulkGet(ids);
      const names = new Map(customers.flatMap((c) => (c ? [[c.id, c.name] as const] : [])));
      return orders.map((tillOrder) => ({
        tillOrder,
        customerName: names.get(tillOrder.order.customerId ?? '') ?? null,
      }));
    },
    [db],
    [],
  );
}

function StatusBadge(props: { tillOrder: TillOrder }) {
  const { t } = useI18n();
  const { status, failure, setAside } = props.tillOrder;
  return (
    <span className="history__status">
      <span className={`badge badge--${status}`}>{t(`history.status.${status}`)}</span>
      {(status === 'failed' || status === 'set_aside') && failure && (
        <span className="history__reason" data-testid="history-failure">
          {pushFailureMessage(t, failure.reason)}
        </span>
      )}
      {status === 'set_aside' && setAside && (
        <span className="history__set-aside-by" data-testid="history-set-aside-by">
          {t('history.setAsideBy', { name: setAside.by.name })}
        </span>
      )}
    </span>
  );
}

function timeOf(order: Order, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(
    new Date(order.createdAt),
  );
}

function HistoryOrderRow(props: { row: HistoryRow; onOpen: (id: string) => void }) {
  const { t } = useI18n();
  const { db, connection } = useTill();
  const { format, settings } = useMoney();
  const { print, state } = usePrint();
  const { tillOrder, customerName } = props.row;
  const { order } = tillOrder;

  const reprint = async () => {
    const receipt = await loadReceipt(db, order.id, { t, settings, tillName: connection.tillName });
    if (receipt) await print(receipt.document);
  };

  return (
    <tr data-testid="history-order" data-order-id={order.id} data-status={tillOrder.status}>
      <td className="history__ticket">{order.sequence}</td>
      <td>{timeOf(order, settings.locale)}</td>
      <td>{customerName ?? t('history.noCustomer')}</td>
      <td className="history__amount">{format(orderTotals(order).totalMinor)}</td>
      <td>
        <StatusBadge tillOrder={tillOrder} />
      </td>
      <td>
        <div className="history__buttons">
          <button
            type="button"
            className="button button--small"
            onClick={() => props.onOpen(order.id)}
            data-testid="history-open"
          >
            {t('receipt.preview')}
          </button>
          <button
            type="button"
            className="button button--small"
            data-testid="reprint-button"
            disabled={state.phase === 'printing'}
            onClick={() => void reprint()}
          >
            {t('history.reprint')}
          </button>
          {state.message && (
            <span
              className={`print-message print-message--${state.phase}`}
              data-testid="print-message"
              role={state.phase === 'failed' ? 'alert' : 'status'}
            >
              {state.message}
            </span>
          )}
        </div>
      </td>
    </tr>
  );
}

export function HistoryScreen(props: {
  onBack: () => void;
  onOpen: (orderId: string) => void;
  /** The closed sessions, whose Z reports reprint from there. */
  onSessions?: () => void;
}) {
  const { t } = useI18n();
  const rows = useRecentOrders();
  useShortcuts({ Escape: props.onBack });
  return (
    <section className="panel history">
      <header className="panel__header">
        <h1 className="panel__heading">{t('history.title')}</h1>
        {props.onSessions && (
          <button
            type="button"
            className="button button--ghost"
            onClick={props.onSessions}
            data-testid="history-sessions-button"
          >
            {t('session.list.title')}
          </button>
        )}
        <button type="button" className="button button--ghost" onClick={props.onBack}>
          {t('shortcut.back')} <Kbd keys={t('shortcut.escape')} />
        </button>
      </header>
      {rows.length === 0 ? (
        <p className="history__empty">{t('history.empty')}</p>
      ) : (
        <table className="history__table">
          <thead>
            <tr>
              <th>{t('history.column.ticket')}</th>
              <th>{t('history.column.time')}</th>
              <th>{t('history.column.customer')}</th>
              <th className="history__amount">{t('history.column.total')}</th>
              <th>{t('history.column.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <HistoryOrderRow key={row.tillOrder.id} row={row} onOpen={props.onOpen} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
