// The bar across the top of every selling screen: the store and till, the sync indicator, who
// is signed in at the till with the button that locks it, the language, the settings (a
// manager's), and the history.
import { useI18n } from '../../i18n/context.tsx';
import { useStoreSettings } from '../hooks/use-store-settings.ts';
import { useStaff } from '../staff/staff-context.tsx';
import { useTill } from '../till-context.tsx';
import { Kbd } from './Kbd.tsx';
import { SyncIndicator } from './SyncIndicator.tsx';

export function Header(props: {
  onHistory: () => void;
  onSettings: () => void;
  /** Null while no session is open, or while it is being closed. */
  onCloseSession: (() => void) | null;
  onSessions: () => void;
}) {
  const { t, language, setLanguage } = useI18n();
  const { connection } = useTill();
  const settings = useStoreSettings();
  const staff = useStaff();
  return (
    <header className="header">
      <div className="header__store">
        <span className="header__name">{settings.storeName}</span>
        <span className="header__till">{connection.tillName}</span>
      </div>
      <SyncIndicator />
      <div className="header__actions">
        <div className="header__cashier" data-staff-role={staff.current?.role}>
          <span className="header__label">
            {staff.current ? t(`staff.role.${staff.current.role}`) : t('header.cashier')}
          </span>
          <span data-testid="staff-name">{staff.current?.name ?? ''}</span>
        </div>
        <button
          type="button"
          className="button button--ghost"
          aria-label={t('staff.lock.buttonLabel')}
          title={t('staff.lock.buttonLabel')}
          onClick={() => staff.lock()}
          data-testid="lock-button"
        >
          {t('staff.lock.button')} <Kbd keys="F12" />
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
          onClick={props.onSettings}
          data-testid="settings-button"
        >
          {t('settings.header.button')}
        </button>
        <button
          type="button"
          className="button button--ghost"
          onClick={props.onHistory}
          data-testid="history-button"
        >
          {t('sale.history')} <Kbd keys="F9" />
        </button>
        {/* One place for the session: close the open one, or, with none open (when the history
            is hidden), reach the past reports; the history links to them as well. */}
        {props.onCloseSession ? (
          <button
            type="button"
            className="button button--ghost"
            onClick={props.onCloseSession}
            data-testid="session-close-button"
          >
            {t('session.menu.close')}
          </button>
        ) : (
          <button
            type="button"
            className="button button--ghost"
            onClick={props.onSessions}
            data-testid="sessions-button"
          >
            {t('session.menu.sessions')}
          </button>
        )}
      </div>
    </header>
  );
}
