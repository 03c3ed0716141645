// The locked till: the store's staff by name, then the PIN pad. A till with no staff yet says
// who can make the first manager and how, since nobody can sell on it until then.
import type { StaffMember } from '../../../shared/domain.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useStoreSettings } from '../hooks/use-store-settings.ts';
import { useTill } from '../till-context.tsx';
import type { PinCheck } from './staff-context.tsx';
import { StaffGate, useGateKeys } from './StaffGate.tsx';

/** Holds every key while the staff list loads, so nothing typed reaches the sale behind. */
function KeyTrap() {
  useGateKeys(() => undefined);
  return null;
}

function NoStaff() {
  const { t } = useI18n();
  useGateKeys(() => undefined);
  return (
    <div className="lock__card" data-testid="no-staff">
      <h1 className="lock__title">{t('staff.none.title')}</h1>
      <p>{t('staff.none.body')}</p>
      <p className="lock__command">
        <code>{t('staff.none.command')}</code>
      </p>
      <p>{t('staff.none.sync')}</p>
    </div>
  );
}

export function LockScreen(props: {
  members: readonly StaffMember[];
  isLoaded: boolean;
  blockedUntilMs: number;
  checkPin: (member: StaffMember, pin: string) => Promise<PinCheck>;
  onSignIn: (member: StaffMember) => void;
}) {
  const { t } = useI18n();
  const { connection } = useTill();
  const settings = useStoreSettings();
  const { onSignIn } = props;
  const isEmpty = props.isLoaded && props.members.length === 0;
  return (
    <div
      className="lock"
      role="dialog"
      aria-modal="true"
      aria-label={t('staff.lock.title')}
      data-testid="lock-screen"
      data-gate
    >
      <header className="lock__header">
        <span className="lock__store">{settings.storeName}</span>
        <span className="lock__till">{connection.tillName}</span>
      </header>
      {isEmpty ? (
        <NoStaff />
      ) : (
        <div className="lock__card">
          <h1 className="lock__title">{t('staff.lock.title')}</h1>
          {!props.isLoaded && <KeyTrap />}
          {props.isLoaded && (
            <StaffGate
              members={props.members}
              initialMemberId={null}
              blockedUntilMs={props.blockedUntilMs}
              checkPin={props.checkPin}
              onAccepted={(member) => {
                onSignIn(member);
                return null;
              }}
            />
          )}
        </div>
      )}
    </div>
  );
}
