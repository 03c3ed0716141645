// The store manager's settings pane, opened once a manager approved it. Store-wide parts
// (payment methods, the top-up product, offline limits, receipt texts, locale and currency)
// are saved through the server with that manager's credentials; the device parts (printer,
// language, idle lock, the methods offered here) through the host. Each form is saved alone.
// The staff tab adds, changes and disables cashiers and managers, through the server as well.
import { useState } from 'react';
import { useT } from '../../i18n/context.tsx';
import { useShortcuts } from '../hooks/use-shortcuts.ts';
import { useMoney } from '../hooks/use-store-settings.ts';
import type { ManagerApproval } from '../staff/types.ts';
import { DeviceSection } from './DeviceSection.tsx';
import { PaymentMethodsSection } from './PaymentMethodsSection.tsx';
import { ServerSection } from './ServerSection.tsx';
import type { AmountFormat } from './settings-forms.ts';
import { StaffSection } from './StaffSection.tsx';
import { StoreSection } from './StoreSection.tsx';
import './settings.css';

const tabs = ['methods', 'store', 'staff', 'device', 'server'] as const;
type Tab = (typeof tabs)[number];

export function SettingsPane(props: { approval: ManagerApproval; onClose: () => void }) {
  const t = useT();
  const { format, settings } = useMoney();
  const [tab, setTab] = useState<Tab>('methods');
  useShortcuts({ Escape: props.onClose }, true);
  const amounts: AmountFormat = { locale: settings.locale, currency: settings.currency, format };

  return (
    <section className="settings panel" data-testid="settings-pane">
      <header className="panel__header settings__header">
        <h1 className="panel__title">{t('settings.title')}</h1>
        <span className="settings__approver" data-testid="settings-approver">
          {t('settings.approvedBy', { name: props.approval.manager.name })}
        </span>
        <button
          type="button"
          className="button button--ghost"
          onClick={props.onClose}
          data-testid="settings-close"
        >
          {t('settings.close')}
        </button>
      </header>
      <nav className="settings__tabs" role="tablist">
        {tabs.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            className={`settings__tab${tab === name ? ' settings__tab--active' : ''}`}
            onClick={() => setTab(name)}
            data-testid={`settings-tab-${name}`}
          >
            {t(`settings.tab.${name}`)}
          </button>
        ))}
      </nav>
      {tab === 'methods' && <PaymentMethodsSection approval={props.approval} amounts={amounts} />}
      {tab === 'store' && (
        <StoreSection approval={props.approval} settings={settings} amounts={amounts} />
      )}
      {tab === 'staff' && (
        <StaffSection approval={props.approval} onApprovalSpent={props.onClose} />
      )}
      {tab === 'device' && <DeviceSection />}
      {tab === 'server' && <ServerSection />}
    </section>
  );
}
