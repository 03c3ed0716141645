// The bar across the top of every selling screen: the store and till, the sync indicator, who
// is at the till, the language, and the history.
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/context.tsx';
import { useStoreSettings } from '../hooks/use-store-settings.ts';
import { useTill } from '../till-context.tsx';
import { Kbd } from './Kbd.tsx';
import { SyncIndicator } from './SyncIndicator.tsx';

function CashierDialog(props: { name: string | null; onSave: (name: string) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(props.name ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSave(name);
  };
  return (
    <form className="cashier-dialog" onSubmit={submit} aria-label={t('header.cashier.dialog')}>
      <label className="field">
        <span className="field__label">{t('header.cashier.dialog')}</span>
        <input
          className="input"
          value={name}
          autoFocus
          maxLength={100}
          placeholder={t('header.cashier.placeholder')}
          onChange={(event) => setName(event.target.value)}
          data-testid="cashier-input"
        />
      </label>
      <button type="submit" className="button button--primary">
        {t('header.cashier.save')}
      </button>
    </form>
  );
}

export function Header(props: {
  cashier: string | null;
  onCashierChange: (name: string) => void;
  onHistory: () => void;
  /** Null while no session is open, or while it is being closed. */
  onCloseSession: (() => void) | null;
  onSessions: () => void;
}) {
  const { t, language, setLanguage } = useI18n();
  const { connection } = useTill();
  const settings = useStoreSettings();
  const [isEditingCashier, setEditingCashier] = useState(false);
  const save = (name: string) => {
    props.onCashierChange(name);
    setEditingCashier(false);
  };
  return (
    <header className="header">
      <div className="header__store">
        <span className="header__name">{settings.storeName}</span>
        <span className="header__till">{connection.tillName}</span>
      </div>
      <SyncIndicator />
      <div className="header__actions">
        <button
          type="button"
          className="header__cashier"
          onClick={() => setEditingCashier((isOpen) => !isOpen)}
          aria-expanded={isEditingCashier}
          data-testid="cashier-button"
        >
          <span className="header__label">{t('header.cashier')}</span>
          <span>{props.cashier ?? t('header.cashier.none')}</span>
        </button>
        <button
          type="button"
          className="button button--ghost"
          aria-label={t('header.language.label')}
          onClick={() => setLanguage(language === 'fr' ? 'en' : 'fr')}
          data-testid="language-button"
        >
          {t('header.language')}
        </button>
        <button
          type="button"
          className="button button--ghost"
          onClick={props.onHistory}
          data-testid="history-button"
        >
          {t('sale.history')} <Kbd keys="F9" />
        </button>
        <button
          type="button"
          className="button button--ghost"
          onClick={props.onSessions}
          data-testid="sessions-button"
        >
          {t('session.menu.sessions')}
        </button>
        {props.onCloseSession && (
          <button
            type="button"
            className="button button--ghost"
            onClick={props.onCloseSession}
            data-testid="session-close-button"
          >
            {t('session.menu.close')}
          </button>
        )}
      </div>
      {isEditingCashier && <CashierDialog name={props.cashier} onSave={save} />}
    </header>
  );
}
