// The store's cashiers and managers, as this till last pulled them: each can be renamed, given
// another role or a new PIN, disabled or enabled again, and a new one added. Every change is one
// request to the server with the approving manager's credentials; the till learns of it by the
// pull that follows, so the list here and the lock screen show what the server kept.
import { useMemo, useState, type FormEvent } from 'react';
import { staffRoles, type StaffMember, type StaffRole } from '../../../shared/domain.ts';
import { newId } from '../../../shared/ids.ts';
import { useI18n } from '../../i18n/context.tsx';
import { staffRefusalMessage } from '../../i18n/reasons.ts';
import { useLiveQuery } from '../hooks/use-live-query.ts';
import type { ManagerApproval } from '../staff/types.ts';
import { useTill } from '../till-context.tsx';
import { FormNotice, SettingsField, type Notice } from './fields.tsx';
import type { FieldProblems } from './settings-forms.ts';
import {
  activeToggleOf,
  isApprovalSpent,
  staffChangeFromDraft,
  staffDraftOf,
  staffNameLengthMax,
  type StaffChangeInput,
  type StaffDraft,
} from './staff-form.ts';
import { saveStoreWide, type ServerProblems, type StoreWideOutcome } from './store-wide-save.ts';

type StaffSave = (memberId: string, change: StaffChangeInput) => Promise<StoreWideOutcome<unknown>>;

/**
 * Sends one change. When it spends the approval (the approving manager's own new PIN, or their
 * own loss of the manager role), the pane is closed at once: the credentials it holds would be
 * refused on the next save, or, worse, a typed-again old PIN would look like a wrong one and
 * count against this till's limit. Whoever wants to go on opens the pane again with a fresh PIN.
 */
function useStaffSave(approval: ManagerApproval, onApprovalSpent: () => void): StaffSave {
  const { client, engine } = useTill();
  return async (memberId, change) => {
    const outcome = await saveStoreWide(engine, () =>
      client.saveStaffMember(memberId, { manager: approval.credentials, member: change }),
    );
    if (outcome.ok && isApprovalSpent(approval, memberId, change)) onApprovalSpent();
    return outcome;
  };
}

function PinFields(props: {
  draft: StaffDraft;
  isNew: boolean;
  problems: FieldProblems;
  serverProblems: ServerProblems;
  onChange: (patch: Partial<StaffDraft>) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <SettingsField
        label={props.isNew ? t('settings.staff.pin') : t('settings.staff.newPin')}
        name="pin"
        hint={props.isNew ? t('settings.staff.pin.hint') : t('settings.staff.newPin.hint')}
        problem={props.problems.pin}
        serverProblem={props.serverProblems.pin}
      >
        <input
          className="input"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={8}
          value={props.draft.pin}
          onChange={(event) => props.onChange({ pin: event.target.value })}
          data-testid="staff-pin"
        />
      </SettingsField>
      <SettingsField
        label={t('settings.staff.pinAgain')}
        name="pinAgain"
        problem={props.problems.pinAgain}
      >
        <input
          className="input"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={8}
          value={props.draft.pinAgain}
          onChange={(event) => props.onChange({ pinAgain: event.target.value })}
          data-testid="staff-pin-again"
        />
      </SettingsField>
    </>
  );
}

function StaffForm(props: { member: StaffMember | null; save: StaffSave; onDone: () => void }) {
  const { t } = useI18n();
  const isNew = props.member === null;
  const [memberId] = useState(() => props.member?.id ?? newId());
  const [draft, setDraft] = useState<StaffDraft>(() => staffDraftOf(props.member));
  const [problems, setProblems] = useState<FieldProblems>({});
  const [serverProblems, setServerProblems] = useState<ServerProblems>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [isBusy, setBusy] = useState(false);
  const change = (patch: Partial<StaffDraft>) => setDraft((current) => ({ ...current, ...patch }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    setServerProblems({});
    const checked = staffChangeFromDraft(draft, isNew);
    setProblems(checked.ok ? {} : checked.problems);
    if (!checked.ok) {
      setNotice({ kind: 'problem', text: t('settings.notSaved') });
      return;
    }
    setBusy(true);
    const outcome = await props.save(memberId, checked.value);
    setBusy(false);
    if (!outcome.ok) {
      setServerProblems(outcome.serverProblems);
      setNotice({ kind: 'problem', text: staffRefusalMessage(t, outcome) });
      return;
    }
    props.onDone();
  };

  return (
    <form
      className="settings__form"
      onSubmit={(event) => void submit(event)}
      data-testid="staff-form"
      aria-label={isNew ? t('settings.staff.new') : t('settings.staff.edit')}
    >
      <SettingsField
        label={t('settings.staff.name')}
        name="name"
        problem={problems.name}
        serverProblem={serverProblems.name}
      >
        <input
          className="input"
          value={draft.name}
          maxLength={staffNameLengthMax}
          onChange={(event) => change({ name: event.target.value })}
          data-testid="staff-name-input"
        />
      </SettingsField>
      <SettingsField
        label={t('settings.staff.role')}
        name="role"
        serverProblem={serverProblems.role}
      >
        <select
          className="input"
          value={draft.role}
          onChange={(event) => change({ role: event.target.value as StaffRole })}
          data-testid="staff-role"
        >
          {staffRoles.map((role) => (
            <option key={role} value={role}>
              {t(`settings.staff.role.${role}`)}
            </option>
          ))}
        </select>
      </SettingsField>
      <PinFields
        draft={draft}
        isNew={isNew}
        problems={problems}
        serverProblems={serverProblems}
        onChange={change}
      />
      <SettingsField label={t('settings.staff.active')} name="isActive">
        <input
          type="checkbox"
          checked={draft.isActive}
          onChange={(event) => change({ isActive: event.target.checked })}
          data-testid="staff-active"
        />
      </SettingsField>
      <div className="settings__buttons">
        <button
          type="submit"
          className="button button--primary"
          disabled={isBusy}
          data-testid="staff-save"
        >
          {t('settings.save')}
        </button>
        <button
          type="button"
          className="button button--ghost"
          onClick={props.onDone}
          data-testid="staff-cancel"
        >
          {t('settings.cancel')}
        </button>
      </div>
      <FormNotice notice={notice} testId="staff-notice" />
    </form>
  );
}

function StaffRow(props: {
  member: StaffMember;
  isBusy: boolean;
  onEdit: () => void;
  onToggle: () => void;
}) {
  const { t } = useI18n();
  const { member } = props;
  return (
    <tr
      data-testid="staff-row"
      data-staff-id={member.id}
      data-staff-name={member.name}
      data-active={String(member.isActive)}
    >
      <td>{member.name}</td>
      <td data-testid="staff-row-role">{t(`settings.staff.role.${member.role}`)}</td>
      <td data-testid="staff-row-state">
        {member.isActive ? t('settings.staff.on') : t('settings.staff.off')}
      </td>
      <td className="settings__row-buttons">
        <button
          type="button"
          className="button button--small"
          onClick={props.onEdit}
          data-testid="staff-edit"
        >
          {t('settings.staff.edit')}
        </button>
        <button
          type="button"
          className="button button--small"
          disabled={props.isBusy}
          onClick={props.onToggle}
          data-testid="staff-toggle"
        >
          {member.isActive ? t('settings.staff.disable') : t('settings.staff.enable')}
        </button>
      </td>
    </tr>
  );
}

export function StaffSection(props: { approval: ManagerApproval; onApprovalSpent: () => void }) {
  const { t, language } = useI18n();
  const { db } = useTill();
  const all = useLiveQuery(() => db.staff.toArray(), [db], []);
  const members = useMemo(() => {
    const collator = new Intl.Collator(language, { sensitivity: 'base' });
    return [...all].sort((left, right) => collator.compare(left.name, right.name));
  }, [all, language]);
  const save = useStaffSave(props.approval, props.onApprovalSpent);
  const [editing, setEditing] = useState<{ member: StaffMember | null } | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const toggle = async (member: StaffMember) => {
    setNotice(null);
    setBusyId(member.id);
    const outcome = await save(member.id, activeToggleOf(member));
    setBusyId(null);
    setNotice(
      outcome.ok
        ? { kind: 'success', text: t('settings.staff.saved') }
        : { kind: 'problem', text: staffRefusalMessage(t, outcome) },
    );
  };

  if (editing) {
    const done = () => setEditing(null);
    return <StaffForm member={editing.member} save={save} onDone={done} />;
  }
  return (
    <section className="settings__section" data-testid="settings-staff">
      <table className="settings__table">
        <thead>
          <tr>
            <th>{t('settings.staff.name')}</th>
            <th>{t('settings.staff.role')}</th>
            <th>{t('settings.staff.state')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <StaffRow
              key={member.id}
              member={member}
              isBusy={busyId === member.id}
              onEdit={() => setEditing({ member })}
              onToggle={() => void toggle(member)}
            />
          ))}
        </tbody>
      </table>
      <p className="field__hint">{t('settings.staff.hint')}</p>
      <button
        type="button"
        className="button button--ghost"
        onClick={() => setEditing({ member: null })}
        data-testid="staff-new"
      >
        {t('settings.staff.new')}
      </button>
      <FormNotice notice={notice} testId="staff-list-notice" />
    </section>
  );
}
