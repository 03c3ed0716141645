// A closed session's Z report: the figures, the report as it prints, whether the server has it
// yet, and a reprint. Reached right after the close and from the list of closed sessions.
import { useEffect, useRef } from 'react';
import type { ZReport } from '../../../shared/protocol.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useLiveQuery } from '../hooks/use-live-query.ts';
import { useShortcuts } from '../hooks/use-shortcuts.ts';
import { useMoney } from '../hooks/use-store-settings.ts';
import { usePrint } from '../receipt/use-print.ts';
import { ReceiptPreview } from '../receipt/ReceiptPreview.tsx';
import { Kbd } from '../shell/Kbd.tsx';
import { useTill } from '../till-context.tsx';
import { zReportDocument } from './z-report-document.ts';
import { ZReportFigures } from './ZReportView.tsx';

export function SessionReportScreen(props: {
  sessionId: string;
  isJustClosed: boolean;
  onDone: () => void;
}) {
  const { t, language } = useI18n();
  const { db, connection } = useTill();
  const { settings } = useMoney();
  const { print, state } = usePrint();
  const session = useLiveQuery(() => db.sessions.get(props.sessionId), [db, props.sessionId], null);
  useShortcuts({ Escape: props.onDone, Enter: props.onDone });
  const report: ZReport | null = session?.report ?? null;
  const document = report
    ? zReportDocument(report, { t, language, settings, tillName: connection.tillName })
    : null;
  const isPrinted = useRef(false);
  useEffect(() => {
    // Printed once as the session closes; the button reprints.
    if (!props.isJustClosed || !document || isPrinted.current) return;
    isPrinted.current = true;
    void print(document);
  }, [props.isJustClosed, document, print]);
  if (!session || !report || !document) return null;
  const isSent = session.reportStatus === 'sent';

  return (
    <div className="receipt" data-testid="session-report" data-session-id={session.id}>
      <section className="panel receipt__actions">
        <h1 className="receipt__title">{t('session.closed.title')}</h1>
        <p
          className={`note ${isSent ? 'note--wallet' : 'note--offline'}`}
          data-testid="session-report-status"
          data-status={session.reportStatus}
        >
          {isSent ? t('session.report.sent') : t('session.report.pending')}
        </p>
        <ZReportFigures report={report} />
        <button
          type="button"
          className="button button--huge"
          data-testid="session-report-print"
          disabled={state.phase === 'printing'}
          onClick={() => void print(document)}
        >
          {t('session.report.print')}
        </button>
        {state.message && (
          <p
            className={`print-message print-message--${state.phase}`}
            data-testid="print-message"
            role={state.phase === 'failed' ? 'alert' : 'status'}
          >
            {state.message}
          </p>
        )}
        <button
          type="button"
          className="button button--primary button--huge"
          data-testid="session-report-done"
          autoFocus
          onClick={props.onDone}
        >
          {props.isJustClosed ? t('session.closed.next') : t('shortcut.back')}{' '}
          <Kbd keys={t('shortcut.enter')} />
        </button>
      </section>
      <div className="receipt__paper">
        <ReceiptPreview document={document} />
      </div>
    </div>
  );
}
