// The store-wide settings a manager edits at the till: the wallet top-up product, the offline
// wallet limits, the receipt's header and footer, the store's locale and currency. The whole
// form is one request to the server, made against the version the manager started from.
import { useState, type FormEvent } from 'react';
import type { StoreSettings } from '../../../shared/domain.ts';
import { newId } from '../../../shared/ids.ts';
import { currencyCodes, type CurrencyCode } from '../../../shared/money.ts';
import { localeCodes, type LocaleCode } from '../../../shared/money-format.ts';
import { useT } from '../../i18n/context.tsx';
import { storeWideRefusalMessage } from '../../i18n/reasons.ts';
import { useLiveQuery } from '../hooks/use-live-query.ts';
import type { ManagerApproval } from '../staff/types.ts';
import { useTill } from '../till-context.tsx';
import { FormNotice, SettingsField, type Notice } from './fields.tsx';
import {
  newTopUpProduct,
  receiptTextMax,
  storeDraftOf,
  storeSettingsFromDraft,
  type AmountFormat,
  type FieldProblems,
  type StoreDraft,
} from './settings-forms.ts';
import { saveStoreWide, type ServerProblems } from './store-wide-save.ts';

function NewTopUpProduct(props: { approval: ManagerApproval; onCreated: (id: string) => void }) {
  const t = useT();
  const { client, engine } = useTill();
  const [name, setName] = useState('');
  const [notice, setNotice] = useState<Notice>(null);
  const [isBusy, setBusy] = useState(false);

  const create = async () => {
    const checked = newTopUpProduct(name);
    if (!checked.ok) {
      setNotice({ kind: 'problem', text: t('settings.problem.required') });
      return;
    }
    setBusy(true);
    const id = newId();
    const outcome = await saveStoreWide(engine, () =>
      client.saveProduct(id, { manager: props.approval.credentials, product: checked.value }),
    );
    setBusy(false);
    if (!outcome.ok) {
      setNotice({ kind: 'problem', text: storeWideRefusalMessage(t, outcome.reason) });
      return;
    }
    setNotice({ kind: 'success', text: t('settings.topUp.created') });
    props.onCreated(outcome.value.product.id);
  };

  return (
    <div className="settings__inline" data-testid="top-up-new">
      <input
        className="input"
        value={name}
        maxLength={200}
        placeholder={t('settings.topUp.newName')}
        onChange={(event) => setName(event.target.value)}
        data-testid="top-up-new-name"
      />
      <button
        type="button"
        className="button button--small"
        disabled={isBusy}
        onClick={() => void create()}
        data-testid="top-up-create"
      >
        {t('settings.topUp.create')}
      </button>
      <FormNotice notice={notice} testId="top-up-notice" />
    </div>
  );
}

export function StoreSection(props: {
  approval: ManagerApproval;
  settings: StoreSettings;
  amounts: AmountFormat;
}) {
  const t = useT();
  const { client, db, engine } = useTill();
  const products = useLiveQuery(() => db.products.toArray(), [db], []);
  // The version this form edits: a save over a newer one (another till's) is refused.
  const [baseVersion, setBaseVersion] = useState(props.settings.version);
  const [draft, setDraft] = useState<StoreDraft>(() => storeDraftOf(props.settings, props.amounts));
  const [problems, setProblems] = useState<FieldProblems>({});
  const [serverProblems, setServerProblems] = useState<ServerProblems>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [isBusy, setBusy] = useState(false);
  const change = (patch: Partial<StoreDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const choosable = products
    .filter((product) => product.isActive || product.id === draft.walletTopUpProductId)
    .sort((left, right) => left.name.localeCompare(right.name));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    setServerProblems({});
    const checked = storeSettingsFromDraft(draft, props.amounts, products);
    setProblems(checked.ok ? {} : checked.problems);
    if (!checked.ok) {
      setNotice({ kind: 'problem', text: t('settings.notSaved') });
      return;
    }
    setBusy(true);
    const outcome = await saveStoreWide(engine, () =>
      client.saveStoreSettings({
        manager: props.approval.credentials,
        expectedVersion: baseVersion,
        settings: checked.value,
      }),
    );
    setBusy(false);
    if (!outcome.ok) {
      setServerProblems(outcome.serverProblems);
      setNotice({ kind: 'problem', text: storeWideRefusalMessage(t, outcome.reason) });
      return;
    }
    setBaseVersion(outcome.value.settings.version);
    setNotice({ kind: 'success', text: t('settings.store.saved') });
  };

  const field = (name: string) => ({
    name,
    problem: problems[name],
    serverProblem: serverProblems[name],
  });

  return (
    <form
      className="settings__section settings__form"
      onSubmit={(event) => void submit(event)}
      data-testid="settings-store"
    >
      <h2 className="settings__heading">{t('settings.topUp.title')}</h2>
      <SettingsField label={t('settings.topUp.product')} {...field('walletTopUpProductId')}>
        <select
          className="input"
          value={draft.walletTopUpProductId ?? ''}
          onChange={(event) => change({ walletTopUpProductId: event.target.value || null })}
          data-testid="top-up-product"
        >
          <option value="">{t('settings.topUp.none')}</option>
          {choosable.map((product) => (
            <option key={product.id} value={product.id}>
              {product.name}
            </option>
          ))}
        </select>
      </SettingsField>
      <NewTopUpProduct
        approval={props.approval}
        onCreated={(id) => change({ walletTopUpProductId: id })}
      />

      <h2 className="settings__heading">{t('settings.limits.title')}</h2>
      <SettingsField label={t('settings.limits.perPayment')} {...field('perPaymentMaxMinor')}>
        <input
          className="input"
          value={draft.perPaymentMaxText}
          inputMode="decimal"
          onChange={(event) => change({ perPaymentMaxText: event.target.value })}
          data-testid="limit-per-payment"
        />
      </SettingsField>
      <SettingsField label={t('settings.limits.perCustomer')} {...field('perCustomerMaxMinor')}>
        <input
          className="input"
          value={draft.perCustomerMaxText}
          inputMode="decimal"
          onChange={(event) => change({ perCustomerMaxText: event.target.value })}
          data-testid="limit-per-customer"
        />
      </SettingsField>
      <SettingsField label={t('settings.limits.maxAge')} {...field('cachedBalanceMaxAgeMinutes')}>
        <input
          className="input"
          value={draft.cachedBalanceMaxAgeText}
          inputMode="numeric"
          onChange={(event) => change({ cachedBalanceMaxAgeText: event.target.value })}
          data-testid="limit-max-age"
        />
      </SettingsField>

      <h2 className="settings__heading">{t('settings.receipt.title')}</h2>
      <SettingsField label={t('settings.receipt.header')} {...field('receiptHeader')}>
        <textarea
          className="input"
          rows={3}
          maxLength={receiptTextMax}
          value={draft.receiptHeader}
          onChange={(event) => change({ receiptHeader: event.target.value })}
          data-testid="receipt-header"
        />
      </SettingsField>
      <SettingsField label={t('settings.receipt.footer')} {...field('receiptFooter')}>
        <textarea
          className="input"
          rows={3}
          maxLength={receiptTextMax}
          value={draft.receiptFooter}
          onChange={(event) => change({ receiptFooter: event.target.value })}
          data-testid="receipt-footer"
        />
      </SettingsField>

      <h2 className="settings__heading">{t('settings.store.title')}</h2>
      <SettingsField label={t('settings.store.name')} {...field('storeName')}>
        <input
          className="input"
          value={draft.storeName}
          maxLength={200}
          onChange={(event) => change({ storeName: event.target.value })}
          data-testid="store-name"
        />
      </SettingsField>
      <SettingsField label={t('settings.store.locale')} {...field('locale')}>
        <select
          className="input"
          value={draft.locale}
          onChange={(event) => change({ locale: event.target.value as LocaleCode })}
          data-testid="store-locale"
        >
          {localeCodes.map((locale) => (
            <option key={locale} value={locale}>
              {locale}
            </option>
          ))}
        </select>
      </SettingsField>
      <SettingsField
        label={t('settings.store.currency')}
        hint={t('settings.store.currency.hint')}
        {...field('currency')}
      >
        <select
          className="input"
          value={draft.currency}
          onChange={(event) => change({ currency: event.target.value as CurrencyCode })}
          data-testid="store-currency"
        >
          {currencyCodes.map((currency) => (
            <option key={currency} value={currency}>
              {currency}
            </option>
          ))}
        </select>
      </SettingsField>

      <div className="settings__buttons">
        <button
          type="submit"
          className="button button--primary"
          disabled={isBusy}
          data-testid="store-save"
        >
          {t('settings.save')}
        </button>
      </div>
      <FormNotice notice={notice} testId="store-notice" />
    </form>
  );
}
