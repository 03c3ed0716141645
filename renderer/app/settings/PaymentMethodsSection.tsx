// The store's payment methods in payment-screen order: each can be edited or disabled for the
// whole store, a new one added, and any of them left out on this till alone. A store-wide edit
// is one request to the server; leaving a method out here is a device setting.
import { useState, type FormEvent } from 'react';
import {
  paymentMethodKinds,
  type PaymentMethod,
  type PaymentMethodKind,
} from '../../../shared/domain.ts';
import { newId } from '../../../shared/ids.ts';
import { useT } from '../../i18n/context.tsx';
import { storeWideRefusalMessage } from '../../i18n/reasons.ts';
import type { ManagerApproval } from '../staff/types.ts';
import { useLiveQuery } from '../hooks/use-live-query.ts';
import { useTill } from '../till-context.tsx';
import { deviceInputOf, useDeviceSettings } from './device-settings-context.tsx';
import { FormNotice, SettingsField, type Notice } from './fields.tsx';
import {
  methodDraftOf,
  methodFromDraft,
  type AmountFormat,
  type FieldProblems,
  type MethodDraft,
} from './settings-forms.ts';
import { saveStoreWide, type ServerProblems } from './store-wide-save.ts';

function MethodForm(props: {
  method: PaymentMethod | null;
  nextSortOrder: number;
  amounts: AmountFormat;
  approval: ManagerApproval;
  onDone: () => void;
}) {
  const t = useT();
  const { client, engine } = useTill();
  const [draft, setDraft] = useState<MethodDraft>(() =>
    methodDraftOf(props.method, props.amounts, props.nextSortOrder),
  );
  const [problems, setProblems] = useState<FieldProblems>({});
  const [serverProblems, setServerProblems] = useState<ServerProblems>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [isBusy, setBusy] = useState(false);
  const change = (patch: Partial<MethodDraft>) => setDraft((current) => ({ ...current, ...patch }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    setServerProblems({});
    const checked = methodFromDraft(draft, props.amounts);
    setProblems(checked.ok ? {} : checked.problems);
    if (!checked.ok) {
      setNotice({ kind: 'problem', text: t('settings.notSaved') });
      return;
    }
    setBusy(true);
    const outcome = await saveStoreWide(engine, () =>
      client.savePaymentMethod(props.method?.id ?? newId(), {
        manager: props.approval.credentials,
        method: checked.value,
      }),
    );
    setBusy(false);
    if (!outcome.ok) {
      setServerProblems(outcome.serverProblems);
      setNotice({ kind: 'problem', text: storeWideRefusalMessage(t, outcome.reason) });
      return;
    }
    props.onDone();
  };

  return (
    <form
      className="settings__form"
      onSubmit={(event) => void submit(event)}
      data-testid="method-form"
      aria-label={props.method ? t('settings.methods.edit') : t('settings.methods.new')}
    >
      <SettingsField
        label={t('settings.methods.name')}
        name="name"
        problem={problems.name}
        serverProblem={serverProblems.name}
      >
        <input
          className="input"
          value={draft.name}
          maxLength={100}
          onChange={(event) => change({ name: event.target.value })}
          data-testid="method-name"
        />
      </SettingsField>
      <SettingsField
        label={t('settings.methods.kind')}
        name="kind"
        serverProblem={serverProblems.kind}
      >
        <select
          className="input"
          value={draft.kind}
          onChange={(event) => change({ kind: event.target.value as PaymentMethodKind })}
          data-testid="method-kind"
        >
          {paymentMethodKinds.map((kind) => (
            <option key={kind} value={kind}>
              {t(`settings.methods.kind.${kind}`)}
            </option>
          ))}
        </select>
      </SettingsField>
      {draft.kind === 'wallet' && (
        <SettingsField
          label={t('settings.methods.minimum')}
          name="minimumWalletMinor"
          hint={t('settings.methods.minimum.hint')}
          problem={problems.minimumWalletMinor}
          serverProblem={serverProblems.minimumWalletMinor}
        >
          <input
            className="input"
            value={draft.minimumText}
            inputMode="decimal"
            onChange={(event) => change({ minimumText: event.target.value })}
            data-testid="method-minimum"
          />
        </SettingsField>
      )}
      <SettingsField
        label={t('settings.methods.requiresCustomer')}
        name="requiresCustomer"
        problem={problems.requiresCustomer}
        serverProblem={serverProblems.requiresCustomer}
      >
        <input
          type="checkbox"
          checked={draft.requiresCustomer}
          onChange={(event) => change({ requiresCustomer: event.target.checked })}
          data-testid="method-requires-customer"
        />
      </SettingsField>
      <SettingsField
        label={t('settings.methods.order')}
        name="sortOrder"
        problem={problems.sortOrder}
        serverProblem={serverProblems.sortOrder}
      >
        <input
          className="input"
          value={draft.sortOrderText}
          inputMode="numeric"
          onChange={(event) => change({ sortOrderText: event.target.value })}
          data-testid="method-order"
        />
      </SettingsField>
      <SettingsField
        label={t('settings.methods.active')}
        name="isActive"
        serverProblem={serverProblems.isActive}
      >
        <input
          type="checkbox"
          checked={draft.isActive}
          onChange={(event) => change({ isActive: event.target.checked })}
          data-testid="method-active"
        />
      </SettingsField>
      <div className="settings__buttons">
        <button
          type="submit"
          className="button button--primary"
          disabled={isBusy}
          data-testid="method-save"
        >
          {t('settings.save')}
        </button>
        <button
          type="button"
          className="button button--ghost"
          onClick={props.onDone}
          data-testid="method-cancel"
        >
          {t('settings.cancel')}
        </button>
      </div>
      <FormNotice notice={notice} testId="method-notice" />
    </form>
  );
}

export function PaymentMethodsSection(props: { approval: ManagerApproval; amounts: AmountFormat }) {
  const t = useT();
  const { db } = useTill();
  const device = useDeviceSettings();
  const methods = useLiveQuery(() => db.paymentMethods.orderBy('sortOrder').toArray(), [db], []);
  const [editing, setEditing] = useState<{ method: PaymentMethod | null } | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const disabled = device.settings.disabledMethodIds;

  const setEnabledHere = async (methodId: string, isEnabled: boolean) => {
    const next = isEnabled
      ? disabled.filter((id) => id !== methodId)
      : [...disabled.filter((id) => id !== methodId), methodId];
    const outcome = await device.save({
      ...deviceInputOf(device.settings),
      disabledMethodIds: next,
    });
    setNotice(
      outcome.ok
        ? { kind: 'success', text: t('settings.device.saved') }
        : { kind: 'problem', text: t('settings.notSaved') },
    );
  };

  if (editing) {
    const nextSortOrder = Math.max(0, ...methods.map((method) => method.sortOrder)) + 1;
    return (
      <MethodForm
        method={editing.method}
        nextSortOrder={nextSortOrder}
        amounts={props.amounts}
        approval={props.approval}
        onDone={() => setEditing(null)}
      />
    );
  }
  return (
    <section className="settings__section" data-testid="settings-methods">
      <table className="settings__table">
        <thead>
          <tr>
            <th>{t('settings.methods.name')}</th>
            <th>{t('settings.methods.kind')}</th>
            <th>{t('settings.methods.minimum')}</th>
            <th>{t('settings.methods.store')}</th>
            <th>{t('settings.methods.here')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {methods.map((method) => (
            <tr key={method.id} data-testid="method-row" data-method-id={method.id}>
              <td>{method.name}</td>
              <td>{t(`settings.methods.kind.${method.kind}`)}</td>
              <td data-testid="method-row-minimum">
                {method.kind === 'wallet' ? props.amounts.format(method.minimumWalletMinor) : '—'}
              </td>
              <td>{method.isActive ? t('settings.methods.on') : t('settings.methods.off')}</td>
              <td>
                <input
                  type="checkbox"
                  aria-label={t('settings.methods.here')}
                  checked={!disabled.includes(method.id)}
                  onChange={(event) => void setEnabledHere(method.id, event.target.checked)}
                  data-testid="method-enabled-here"
                />
              </td>
              <td>
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => setEditing({ method })}
                  data-testid="method-edit"
                >
                  {t('settings.methods.edit')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="button button--ghost"
        onClick={() => setEditing({ method: null })}
        data-testid="method-new"
      >
        {t('settings.methods.new')}
      </button>
      <FormNotice notice={notice} testId="methods-notice" />
    </section>
  );
}
