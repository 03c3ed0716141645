// The pieces every settings form is made of: a labelled field with its problem under it, and
// the notice a form shows after a save, a test or a refusal.
import { useMemo, type ReactNode } from 'react';
import type { ErrorIssue } from '../../../shared/protocol.ts';
import { useI18n, useT } from '../../i18n/context.tsx';
import { storeRuleMessage, type IssueFormats } from '../../i18n/reasons.ts';
import { useMoney } from '../hooks/use-store-settings.ts';
import type { FieldProblem } from './settings-forms.ts';

/** A server's issue in the till's words, with amounts in the store's currency. */
function ServerIssueText(props: { issue: ErrorIssue }) {
  const { t, language } = useI18n();
  const { format } = useMoney();
  const formats = useMemo<IssueFormats>(() => {
    const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 2 });
    return { amount: format, percent: (basisPoints) => percent.format(basisPoints / 10_000) };
  }, [format, language]);
  return <>{storeRuleMessage(t, formats, props.issue)}</>;
}

export function SettingsField(props: {
  label: string;
  name: string;
  problem?: FieldProblem | undefined;
  /** The host's words (a string, shown as the server's), or an issue the ledger server made. */
  serverProblem?: string | ErrorIssue | undefined;
  hint?: string;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <label className="field settings__field">
      <span className="field__label">{props.label}</span>
      {props.children}
      {props.hint && <span className="field__hint">{props.hint}</span>}
      {props.problem && (
        <span className="field__problem" role="alert" data-testid={`problem-${props.name}`}>
          {t(`settings.problem.${props.problem}`)}
        </span>
      )}
      {!props.problem && props.serverProblem && (
        <span className="field__problem" role="alert" data-testid={`problem-${props.name}`}>
          {typeof props.serverProblem === 'string' ? (
            t('settings.problem.server', { message: props.serverProblem })
          ) : (
            <ServerIssueText issue={props.serverProblem} />
          )}
        </span>
      )}
    </label>
  );
}

export type Notice = { kind: 'problem' | 'success'; text: string } | null;

export function FormNotice(props: { notice: Notice; testId: string }) {
  if (!props.notice) return null;
  return (
    <p
      className={`notice notice--${props.notice.kind}`}
      role={props.notice.kind === 'problem' ? 'alert' : 'status'}
      data-testid={props.testId}
    >
      {props.notice.text}
    </p>
  );
}
