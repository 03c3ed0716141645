// Opening the till session: the cashier counts the float in the drawer and types it. Every
// order validated afterwards names this session, until it is closed with its Z report.
import { useState, type FormEvent } from 'react';
import { toMinor } from '../../../shared/money.ts';
import { useT } from '../../i18n/context.tsx';
import { amountProblemMessage } from '../../i18n/reasons.ts';
import { openSession } from '../../session/sessions.ts';
import { useMoney } from '../hooks/use-store-settings.ts';
import { rendererLogger } from '../log.ts';
import { useStaff } from '../staff/staff-context.tsx';
import { useTill } from '../till-context.tsx';

const logger = rendererLogger.child('session');

export function OpenSessionScreen() {
  const t = useT();
  const { db } = useTill();
  const { parse } = useMoney();
  const staff = useStaff();
  const [floatText, setFloatText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [isOpening, setOpening] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parse(floatText);
    if (!parsed.ok) return setProblem(amountProblemMessage(t, parsed.reason));
    const openedBy = staff.current;
    if (!openedBy) return;
    setOpening(true);
    setProblem(null);
    try {
      await openSession(db, { openedBy, floatMinor: toMinor(parsed.amount) });
    } catch (error) {
      logger.error('session did not open', { error });
      setProblem(t('session.open.failed'));
    } finally {
      setOpening(false);
    }
  };

  return (
    <main className="session-open">
      <form className="panel session-open__card" onSubmit={(event) => void submit(event)}>
        <h1 className="panel__heading">{t('session.open.title')}</h1>
        <p>{t('session.open.body')}</p>
        <label className="field">
          <span className="field__label">{t('session.open.float')}</span>
          <input
            className="input input--amount"
            inputMode="decimal"
            autoFocus
            value={floatText}
            onChange={(event) => setFloatText(event.target.value)}
            data-testid="session-float-input"
          />
        </label>
        {problem && (
          <p className="refusal" role="alert" data-testid="session-open-problem">
            {problem}
          </p>
        )}
        <button
          type="submit"
          className="button button--primary button--huge"
          disabled={isOpening}
          data-testid="session-open-button"
        >
          {t('session.open.submit')}
        </button>
      </form>
    </main>
  );
}
