// A manager's yes, asked over the screen that needs it. The manager picks their name and types
// their PIN, even when already signed in, so a till left open is not a manager's; a cashier's
// right PIN is refused with the reason. The PIN goes back to the asking screen only.
import { useMemo } from 'react';
import type { StaffMember } from '../../../shared/domain.ts';
import { useI18n } from '../../i18n/context.tsx';
import type { PinCheck } from './staff-context.tsx';
import { StaffGate, useGateKeys } from './StaffGate.tsx';
import type { ManagerAction, ManagerApproval, SignedInStaff } from './types.ts';

function NoManager(props: { onCancel: () => void }) {
  const { t } = useI18n();
  useGateKeys((event) => {
    if (event.key === 'Escape') props.onCancel();
  });
  return (
    <p className="gate__notice" role="alert" data-testid="approval-no-manager">
      {t('staff.approval.noManager')}
    </p>
  );
}

export function ManagerApprovalDialog(props: {
  action: ManagerAction;
  members: readonly StaffMember[];
  current: SignedInStaff;
  blockedUntilMs: number;
  checkPin: (member: StaffMember, pin: string) => Promise<PinCheck>;
  onDone: (approval: ManagerApproval | null) => void;
}) {
  const { t } = useI18n();
  const { onDone } = props;
  // Managers first: they are the ones asked for; a cashier is still listed, to be told why not.
  const members = useMemo(
    () =>
      [...props.members].sort(
        (left, right) => Number(right.role === 'manager') - Number(left.role === 'manager'),
      ),
    [props.members],
  );
  const hasManager = members.some((member) => member.role === 'manager');
  const cancel = () => onDone(null);
  const accept = (member: StaffMember, pin: string) => {
    if (member.role !== 'manager') return t('staff.approval.notManager', { name: member.name });
    onDone({
      manager: { id: member.id, name: member.name },
      credentials: { staffId: member.id, pin },
    });
    return null;
  };
  return (
    <div className="overlay">
      <div
        className="dialog approval"
        role="dialog"
        aria-modal="true"
        aria-label={t('staff.approval.title')}
        data-testid="manager-approval"
        data-action={props.action}
        data-gate
      >
        <header className="dialog__header">
          <div>
            <h2>{t('staff.approval.title')}</h2>
            <p className="approval__action">{t(`staff.approval.action.${props.action}`)}</p>
          </div>
          <button
            type="button"
            className="button button--ghost"
            data-testid="approval-cancel"
            onClick={cancel}
          >
            {t('staff.approval.cancel')}
          </button>
        </header>
        {hasManager ? (
          <StaffGate
            members={members}
            initialMemberId={props.current.role === 'manager' ? props.current.id : null}
            blockedUntilMs={props.blockedUntilMs}
            checkPin={props.checkPin}
            onAccepted={accept}
            onCancel={cancel}
          />
        ) : (
          <NoManager onCancel={cancel} />
        )}
      </div>
    </div>
  );
}
