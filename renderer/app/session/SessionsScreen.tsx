// The till's closed sessions, newest first, each with its Z report to see again or reprint.
import { useI18n } from '../../i18n/context.tsx';
import { readClosedSessions } from '../../session/sessions.ts';
import type { TillSession } from '../../store/database.ts';
import { useLiveQuery } from '../hooks/use-live-query.ts';
import { useShortcuts } from '../hooks/use-shortcuts.ts';
import { useMoney } from '../hooks/use-store-settings.ts';
import { usePrint } from '../receipt/use-print.ts';
import { Kbd } from '../shell/Kbd.tsx';
import { useTill } from '../till-context.tsx';
import { zReportDocument } from './z-report-document.ts';

function SessionRow(props: { session: TillSession; onOpen: (sessionId: string) => void }) {
  const { t, language } = useI18n();
  const { connection } = useTill();
  const { format, settings } = useMoney();
  const { print, state } = usePrint();
  const { session } = props;
  const { report } = session;
  if (!report) return null;
  const when = (iso: string) =>
    new Intl.DateTimeFormat(settings.locale, { dateStyle: 'short', timeStyle: 'short' }).format(
      new Date(iso),
    );
  const reprint = () =>
    void print(zReportDocument(report, { t, language, settings, tillName: connection.tillName }));
  return (
    <tr data-testid="session-row" data-session-id={session.id} data-status={session.reportStatus}>
      <td>{when(report.openedAt)}</td>
      <td>{when(report.closedAt)}</td>
      <td>{report.closedBy.name}</td>
      <td className="history__amount">{format(report.figures.netSalesMinor)}</td>
      <td className="history__amount">{format(report.cashDifferenceMinor)}</td>
      <td>
        <span className={`badge badge--${session.reportStatus === 'sent' ? 'synced' : 'pending'}`}>
          {session.reportStatus === 'sent' ? t('session.report.sent') : t('session.report.pending')}
        </span>
      </td>
      <td>
        <div className="history__buttons">
          <button
            type="button"
            className="button button--small"
            data-testid="session-open-report"
            onClick={() => props.onOpen(session.id)}
          >
            {t('session.list.open')}
          </button>
          <button
            type="button"
            className="button button--small"
            data-testid="session-reprint"
            disabled={state.phase === 'printing'}
            onClick={reprint}
          >
            {t('history.reprint')}
          </button>
          {state.message && (
            <span
              className={`print-message print-message--${state.phase}`}
              data-testid="print-message"
            >
              {state.message}
            </span>
          )}
        </div>
      </td>
    </tr>
  );
}

export function SessionsScreen(props: { onBack: () => void; onOpen: (sessionId: string) => void }) {
  const { t } = useI18n();
  const { db } = useTill();
  const sessions = useLiveQuery(() => readClosedSessions(db), [db], []);
  useShortcuts({ Escape: props.onBack });
  return (
    <section className="panel history" data-testid="sessions-screen">
      <header className="panel__header">
        <h1 className="panel__heading">{t('session.list.title')}</h1>
        <button type="button" className="button button--ghost" onClick={props.onBack}>
          {t('shortcut.back')} <Kbd keys={t('shortcut.escape')} />
        </button>
      </header>
      {sessions.length === 0 ? (
        <p className="history__empty">{t('session.list.empty')}</p>
      ) : (
        <table className="history__table">
          <thead>
            <tr>
              <th>{t('zReport.text.openedAt')}</th>
              <th>{t('zReport.text.closedAt')}</th>
              <th>{t('zReport.text.closedBy')}</th>
              <th className="history__amount">{t('zReport.text.netSales')}</th>
              <th className="history__amount">{t('zReport.text.cashDifference')}</th>
              <th />
              <th />
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <SessionRow key={session.id} session={session} onOpen={props.onOpen} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
