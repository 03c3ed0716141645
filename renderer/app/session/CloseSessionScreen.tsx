// Closing the session: the cashier counts the drawer and sees the Z report as it stands, the
// expected cash and the difference following what they type. Orders not yet sent to the server
// are counted live; while there are any, closing needs a manager, and the report names them.
// The close writes the report with the session's new state in one step and keeps it to be sent
// to the server; the report screen then prints it.
import { useState, type FormEvent } from 'react';
import { toMinor } from '../../../shared/money.ts';
import { pluralKey } from '../../i18n/i18n.ts';
import { useI18n } from '../../i18n/context.tsx';
import { amountProblemMessage } from '../../i18n/reasons.ts';
import { closeSession, previewReport, type CloseInput } from '../../session/sessions.ts';
import type { TillSession } from '../../store/database.ts';
import { useLiveQuery } from '../hooks/use-live-query.ts';
import { useShortcuts } from '../hooks/use-shortcuts.ts';
import { useMoney } from '../hooks/use-store-settings.ts';
import { rendererLogger } from '../log.ts';
import { Kbd } from '../shell/Kbd.tsx';
import { useStaff } from '../staff/staff-context.tsx';
import { useTill } from '../till-context.tsx';
import { ZReportFigures } from './ZReportView.tsx';

const logger = rendererLogger.child('session-close');

export function CloseSessionScreen(props: {
  session: TillSession;
  onCancel: () => void;
  onClosed: (sessionId: string) => void;
}) {
  const { t, language } = useI18n();
  const { db } = useTill();
  const { parse, format, settings } = useMoney();
  const staff = useStaff();
  const [countedText, setCountedText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [isClosing, setClosing] = useState(false);
  useShortcuts({ Escape: props.onCancel }, !isClosing);

  const parsed = parse(countedText);
  const countedMinor = parsed.ok ? toMinor(parsed.amount) : 0;
  const closedBy = staff.current ?? props.session.openedBy;
  const baseInput: CloseInput = {
    sessionId: props.session.id,
    closedBy: { id: closedBy.id, name: closedBy.name },
    approvedBy: null,
    cashCountedMinor: countedMinor,
  };
  // Follows the orders as they are sent, so the warning goes once the last one is booked.
  const preview = useLiveQuery(
    () => previewReport(db, baseInput),
    [db, props.session.id, countedMinor, closedBy.id],
    null,
  );
  const report = preview?.ok ? preview.report : null;
  const unsyncedCount = report?.unsyncedOrderCount ?? 0;
  const unsyncedKey = pluralKey(language, unsyncedCount, {
    one: 'session.close.unsynced.one',
    other: 'session.close.unsynced.other',
  });

  const close = async (event: FormEvent) => {
    event.preventDefault();
    if (isClosing) return;
    if (!parsed.ok) return setProblem(amountProblemMessage(t, parsed.reason));
    setProblem(null);
    setClosing(true);
    try {
      let approvedBy: CloseInput['approvedBy'] = null;
      if (unsyncedCount > 0) {
        const approval = await staff.requireManager('close_with_unsynced');
        if (!approval) return setProblem(t('session.close.notApproved'));
        approvedBy = approval.manager;
      }
      let outcome = await closeSession(db, { ...baseInput, approvedBy });
      if (!outcome.ok && outcome.reason === 'approval_needed') {
        // An order the server had booked went back to waiting (a retry) while counting.
        const approval = await staff.requireManager('close_with_unsynced');
        if (!approval) return setProblem(t('session.close.notApproved'));
        outcome = await closeSession(db, { ...baseInput, approvedBy: approval.manager });
      }
      if (!outcome.ok) return setProblem(t('session.close.failed'));
      // The report screen prints it: a printer problem shows there, beside the reprint.
      props.onClosed(outcome.session.id);
    } catch (error) {
      logger.error('session did not close', { error });
      setProblem(t('session.close.failed'));
    } finally {
      setClosing(false);
    }
  };

  const openedAt = new Intl.DateTimeFormat(settings.locale, {
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(props.session.openedAt));
  return (
    <section className="panel session-close" data-testid="session-close-screen">
      <header className="panel__header">
        <h1 className="panel__heading">{t('session.close.title')}</h1>
        <button type="button" className="button button--ghost" onClick={props.onCancel}>
          {t('session.close.cancel')} <Kbd keys={t('shortcut.escape')} />
        </button>
      </header>
      <p>{t('session.close.openedBy', { date: openedAt, name: props.session.openedBy.name })}</p>
      <form className="session-close__count" onSubmit={(event) => void close(event)}>
        <label className="field">
          <span className="field__label">{t('session.close.counted')}</span>
          <input
            className="input input--amount"
            inputMode="decimal"
            autoFocus
            value={countedText}
            onChange={(event) => setCountedText(event.target.value)}
            data-testid="session-counted-input"
          />
          <span className="field__hint">{t('session.close.countHint')}</span>
        </label>
        {report && (
          <p className="session-close__expected" data-testid="session-cash-expected">
            {t('session.close.expected', { amount: format(report.cashExpectedMinor) })}
          </p>
        )}
        {unsyncedCount > 0 && (
          <p
            className="note note--offline"
            role="status"
            data-testid="session-unsynced-warning"
            data-count={unsyncedCount}
          >
            {t(unsyncedKey, { count: unsyncedCount })}
          </p>
        )}
        {problem && (
          <p className="refusal" role="alert" data-testid="session-close-problem">
            {problem}
          </p>
        )}
        <button
          type="submit"
          className="button button--primary button--huge"
          disabled={isClosing}
          data-testid="session-close-confirm"
        >
          {t('session.close.confirm')}
        </button>
      </form>
      {report && <ZReportFigures report={report} />}
    </section>
  );
}
