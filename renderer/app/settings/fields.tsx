// The pieces every settings form is made of: a labelled field with its problem under it, and
// the notice a form shows after a save, a test or a refusal.
import type { ReactNode } from 'react';
import { useT } from '../../i18n/context.tsx';
import type { FieldProblem } from './settings-forms.ts';

export function SettingsField(props: {
  label: string;
  name: string;
  problem?: FieldProblem | undefined;
  serverProblem?: string | undefined;
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
          {t('settings.problem.server', { message: props.serverProblem })}
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
