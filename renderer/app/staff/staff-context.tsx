// Who is at the till. Staff sign in with their PIN, checked here against the hash pulled from the
// server, so signing in needs no network. The till starts locked, locks again after a while
// without a touch or on request, and the sale being rung up stays through it: whoever signs in
// next carries it on, under their name. Manager-only actions ask for a manager's PIN in a dialog
// over the screen that needs it; the PIN goes back to that screen and nowhere else.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { StaffMember } from '../../../shared/domain.ts';
import { verifyPin } from '../../../shared/pin.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useLiveQuery } from '../hooks/use-live-query.ts';
import { useShortcuts } from '../hooks/use-shortcuts.ts';
import { rendererLogger } from '../log.ts';
import { useDeviceSettings } from '../settings/device-settings-context.tsx';
import { useTill } from '../till-context.tsx';
import { LockScreen } from './LockScreen.tsx';
import { ManagerApprovalDialog } from './ManagerApprovalDialog.tsx';
import {
  afterWrongPin,
  freshPinThrottle,
  pinWaitLeftMs,
  readPinThrottle,
  writePinThrottle,
  type PinThrottle,
} from './pin-throttle.ts';
import type { ManagerAction, ManagerApproval, SignedInStaff, StaffSession } from './types.ts';
import { useIdleLock } from './use-idle-lock.ts';
import './staff.css';

const logger = rendererLogger.child('staff');

const minuteMs = 60_000;

/** What a PIN check says; a check refused for waiting does not count as a wrong PIN. */
export type PinCheck = { kind: 'right' } | { kind: 'wrong' } | { kind: 'wait' };

interface ApprovalRequest {
  action: ManagerAction;
  resolve: (approval: ManagerApproval | null) => void;
}

const StaffContext = createContext<StaffSession | null>(null);

/** Local storage where the page may use it, and a forgetful stand-in where it may not. */
function pinThrottleStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  try {
    return window.localStorage;
  } catch {
    return { getItem: () => null, setItem: () => undefined };
  }
}

function useActiveStaff(): { members: StaffMember[]; isLoaded: boolean } {
  const { db } = useTill();
  const { language } = useI18n();
  const all = useLiveQuery(() => db.staff.toArray(), [db], null as StaffMember[] | null);
  return useMemo(() => {
    const collator = new Intl.Collator(language, { sensitivity: 'base' });
    const members = (all ?? [])
      .filter((member) => member.isActive)
      .sort((left, right) => collator.compare(left.name, right.name));
    return { members, isLoaded: all !== null };
  }, [all, language]);
}

function usePinCheck() {
  const storage = useMemo(() => pinThrottleStorage(), []);
  const [throttle, setThrottle] = useState<PinThrottle>(() => readPinThrottle(storage));
  const latest = useRef(throttle);
  const keep = useCallback(
    (next: PinThrottle) => {
      latest.current = next;
      setThrottle(next);
      writePinThrottle(storage, next);
    },
    [storage],
  );
  const checkPin = useCallback(
    async (member: StaffMember, pin: string): Promise<PinCheck> => {
      if (pinWaitLeftMs(latest.current, Date.now()) > 0) return { kind: 'wait' };
      if (await verifyPin(pin, member.pinHash)) {
        keep(freshPinThrottle);
        return { kind: 'right' };
      }
      const next = afterWrongPin(latest.current, Date.now());
      keep(next);
      logger.info('wrong PIN', { failureCount: next.failureCount });
      return { kind: 'wrong' };
    },
    [keep],
  );
  return { checkPin, blockedUntilMs: throttle.blockedUntilMs };
}

function useApprovals(signedInId: string | null) {
  const [request, setRequest] = useState<ApprovalRequest | null>(null);
  const pending = useRef<ApprovalRequest | null>(null);
  const isSignedIn = useRef(signedInId !== null);
  useEffect(() => {
    isSignedIn.current = signedInId !== null;
  }, [signedInId]);

  const finish = useCallback((approval: ManagerApproval | null) => {
    const current = pending.current;
    pending.current = null;
    setRequest(null);
    current?.resolve(approval);
  }, []);
  const requireManager = useCallback(
    (action: ManagerAction) =>
      new Promise<ManagerApproval | null>((resolve) => {
        // A locked till approves nothing: whoever asked is no longer at the till.
        if (!isSignedIn.current) {
          resolve(null);
          return;
        }
        pending.current?.resolve(null);
        const next = { action, resolve };
        pending.current = next;
        setRequest(next);
      }),
    [],
  );
  useEffect(() => () => pending.current?.resolve(null), []);
  return { request, finish, requireManager };
}

export function StaffProvider(props: { children: ReactNode }) {
  const { members, isLoaded } = useActiveStaff();
  const [signedInId, setSignedInId] = useState<string | null>(null);
  // The device settings are held above the staff, so a new idle time saved in the settings
  // pane governs the lock at once.
  const idleMinutes = useDeviceSettings().settings.lockAfterIdleMinutes;
  const { checkPin, blockedUntilMs } = usePinCheck();
  const approvals = useApprovals(signedInId);
  const { finish } = approvals;

  const member = members.find((candidate) => candidate.id === signedInId) ?? null;
  const current = useMemo<SignedInStaff | null>(
    () => (member ? { id: member.id, name: member.name, role: member.role } : null),
    [member],
  );
  // Made inactive on the server while signed in: this person may not sell any more, and is not
  // signed in again should they come back.
  if (isLoaded && signedInId !== null && member === null) setSignedInId(null);

  const lock = useCallback(() => {
    setSignedInId(null);
    logger.info('till locked');
  }, []);
  const signIn = useCallback((signedIn: StaffMember) => {
    setSignedInId(signedIn.id);
    logger.info('signed in', { staffId: signedIn.id, role: signedIn.role });
  }, []);

  const isLocked = current === null;
  useEffect(() => {
    // However the till came to be locked, a manager's approval asked for before is over.
    if (isLocked) finish(null);
  }, [isLocked, finish]);
  useIdleLock(!isLocked, idleMinutes * minuteMs, lock);
  useShortcuts({ F12: lock }, !isLocked && approvals.request === null);

  const session = useMemo<StaffSession>(
    () => ({ current, lock, requireManager: approvals.requireManager }),
    [current, lock, approvals.requireManager],
  );
  const isCovered = isLocked || approvals.request !== null;
  return (
    <StaffContext.Provider value={session}>
      <div className="staff-guard" inert={isCovered} aria-hidden={isCovered}>
        {props.children}
      </div>
      {isLocked && (
        <LockScreen
          members={members}
          isLoaded={isLoaded}
          blockedUntilMs={blockedUntilMs}
          checkPin={checkPin}
          onSignIn={signIn}
        />
      )}
      {current && approvals.request && (
        <ManagerApprovalDialog
          action={approvals.request.action}
          members={members}
          current={current}
          blockedUntilMs={blockedUntilMs}
          checkPin={checkPin}
          onDone={finish}
        />
      )}
    </StaffContext.Provider>
  );
}

export function useStaff(): StaffSession {
  const session = useContext(StaffContext);
  if (!session) throw new Error('useStaff needs a StaffProvider above it');
  return session;
}
