// Picking oneself and typing one's PIN, the way both the lock screen and a manager's approval
// ask for it. Big buttons for a touch screen; on the keyboard, typing the first letters of a
// name picks it and Enter goes on, then the digits and Enter. While the gate is open the rest of
// the till hears no key at all: the sale behind it must not take a PIN's digits for a quantity.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { StaffMember } from '../../../shared/domain.ts';
import { useI18n } from '../../i18n/context.tsx';
import { normaliseSearchText } from '../../store/search-words.ts';
import { useNow } from '../hooks/use-now.ts';
import type { PinCheck } from './staff-context.tsx';

/** Letters typed further apart than this start a new name. */
const typeAheadResetMs = 1_500;
const pinLengthMax = 8;
const pinLengthMin = 4;

export interface GateProps {
  members: readonly StaffMember[];
  /** The member whose PIN is asked first, without picking (a signed-in manager approving). */
  initialMemberId: string | null;
  blockedUntilMs: number;
  checkPin: (member: StaffMember, pin: string) => Promise<PinCheck>;
  /** Called with a right PIN; a message refuses the member after all (a cashier approving). */
  onAccepted: (member: StaffMember, pin: string) => string | null;
  /** Escape or the cancel button; without it, Escape only goes back to the list. */
  onCancel?: () => void;
}

function matchesPrefix(member: StaffMember, prefix: string): boolean {
  const name = normaliseSearchText(member.name);
  return name.startsWith(prefix) || name.split(/\s+/).some((word) => word.startsWith(prefix));
}

/**
 * Enter or Space on one of the gate's buttons reached with Tab presses that button. The PIN
 * pad's keys are left out: Enter there sends the PIN, whichever key was tapped last.
 */
function isGateButtonPress(event: KeyboardEvent): boolean {
  const { key, target } = event;
  if ((key !== 'Enter' && key !== ' ') || !(target instanceof HTMLButtonElement)) return false;
  return target.closest('[data-gate]') !== null && target.closest('[data-gate-pad]') === null;
}

/** Every key goes to the gate first, and no further; Tab still moves the focus. */
export function useGateKeys(onKey: (event: KeyboardEvent) => void): void {
  const latest = useRef(onKey);
  useEffect(() => {
    latest.current = onKey;
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.key === 'Tab') return;
      event.stopImmediatePropagation();
      if (event.ctrlKey || event.metaKey || event.altKey || isGateButtonPress(event)) return;
      event.preventDefault();
      latest.current(event);
    };
    window.addEventListener('keydown', listener, { capture: true });
    return () => window.removeEventListener('keydown', listener, { capture: true });
  }, []);
}

export function StaffGate(props: GateProps) {
  const { t } = useI18n();
  const { members, checkPin, onAccepted, onCancel } = props;
  const [memberId, setMemberId] = useState<string | null>(props.initialMemberId);
  const [highlightedId, setHighlightedId] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const lastLetterAt = useRef(0);
  const [pin, setPin] = useState('');
  const [isChecking, setChecking] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const now = useNow(500);
  const waitLeftSeconds = Math.ceil(Math.max(0, props.blockedUntilMs - now) / 1000);
  const isBlocked = isChecking || waitLeftSeconds > 0;

  const member = members.find((candidate) => candidate.id === memberId) ?? null;
  const highlighted =
    members.find((candidate) => candidate.id === highlightedId) ?? members[0] ?? null;

  const pick = useCallback((picked: StaffMember) => {
    setMemberId(picked.id);
    setPin('');
    setNotice(null);
  }, []);
  const backToList = () => {
    setMemberId(null);
    setPin('');
    setTyped('');
    setNotice(null);
  };

  const submit = async () => {
    if (!member || isBlocked) return;
    if (pin.length < pinLengthMin) {
      setNotice(t('staff.pin.tooShort'));
      return;
    }
    setChecking(true);
    const check = await checkPin(member, pin);
    setChecking(false);
    setPin('');
    if (check.kind === 'right') {
      setNotice(onAccepted(member, pin));
    } else if (check.kind === 'wrong') {
      setNotice(t('staff.pin.wrong'));
    } else {
      setNotice(null);
    }
  };

  const typeLetter = (letter: string) => {
    const nowMs = Date.now();
    const isSameName = nowMs - lastLetterAt.current < typeAheadResetMs;
    lastLetterAt.current = nowMs;
    const prefix = normaliseSearchText((isSameName ? typed : '') + letter);
    const found = members.find((candidate) => matchesPrefix(candidate, prefix));
    setTyped(prefix);
    if (found) setHighlightedId(found.id);
  };
  const moveHighlight = (step: 1 | -1) => {
    if (members.length === 0) return;
    const index = highlighted ? members.indexOf(highlighted) : 0;
    const next = members[(index + step + members.length) % members.length];
    if (next) setHighlightedId(next.id);
  };

  useGateKeys((event) => {
    const { key } = event;
    if (key === 'Escape') {
      if (onCancel) onCancel();
      else if (member) backToList();
      else setTyped('');
    } else if (member) {
      // Digits typed while the till waits or checks are dropped, not kept for the next try.
      if (isBlocked) return;
      if (/^\d$/.test(key)) setPin((current) => (current + key).slice(0, pinLengthMax));
      else if (key === 'Backspace') setPin((current) => current.slice(0, -1));
      else if (key === 'Enter') void submit();
    } else if (key === 'Enter') {
      if (highlighted) pick(highlighted);
    } else if (key === 'ArrowDown' || key === 'ArrowRight') {
      moveHighlight(1);
    } else if (key === 'ArrowUp' || key === 'ArrowLeft') {
      moveHighlight(-1);
    } else if (key === 'Backspace') {
      setTyped((current) => current.slice(0, -1));
    } else if (key.length === 1 && key !== ' ') {
      typeLetter(key);
    }
  });

  return (
    <div className="gate">
      {member ? (
        <PinPad
          member={member}
          pin={pin}
          isChecking={isChecking}
          waitLeftSeconds={waitLeftSeconds}
          notice={notice}
          onDigit={(digit) => setPin((current) => (current + digit).slice(0, pinLengthMax))}
          onErase={() => setPin((current) => current.slice(0, -1))}
          onSubmit={() => void submit()}
          onBack={backToList}
        />
      ) : (
        <StaffList
          members={members}
          highlightedId={highlighted?.id ?? null}
          typed={typed}
          onPick={pick}
        />
      )}
    </div>
  );
}

function StaffList(props: {
  members: readonly StaffMember[];
  highlightedId: string | null;
  typed: string;
  onPick: (member: StaffMember) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="gate__list-area">
      <p className="gate__hint">{t('staff.pick.hint')}</p>
      <p className="gate__typed" data-testid="staff-typed" aria-live="polite">
        {props.typed}
      </p>
      <ul className="gate__list" role="listbox" aria-label={t('staff.pick.label')}>
        {props.members.map((member) => (
          <li key={member.id} role="presentation">
            <button
              type="button"
              role="option"
              aria-selected={member.id === props.highlightedId}
              className="gate__member"
              data-testid="staff-choice"
              data-staff-id={member.id}
              data-staff-name={member.name}
              onClick={() => props.onPick(member)}
            >
              <span className="gate__member-name">{member.name}</span>
              <span className="gate__member-role">{t(`staff.role.${member.role}`)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

const padRows = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
] as const;

function PinPad(props: {
  member: StaffMember;
  pin: string;
  isChecking: boolean;
  waitLeftSeconds: number;
  notice: string | null;
  onDigit: (digit: string) => void;
  onErase: () => void;
  onSubmit: () => void;
  onBack: () => void;
}) {
  const { t } = useI18n();
  const isBlocked = props.isChecking || props.waitLeftSeconds > 0;
  const digit = (value: string) => (
    <button
      key={value}
      type="button"
      className="gate__key"
      data-testid={`pin-key-${value}`}
      disabled={isBlocked}
      onClick={() => props.onDigit(value)}
    >
      {value}
    </button>
  );
  return (
    <div className="gate__pin" data-testid="pin-pad" data-staff-id={props.member.id}>
      <p className="gate__pin-title">{t('staff.pin.title', { name: props.member.name })}</p>
      <div
        className="gate__dots"
        data-testid="pin-dots"
        data-length={props.pin.length}
        aria-label={t('staff.pin.typed', { count: props.pin.length })}
      >
        {Array.from({ length: Math.max(4, props.pin.length) }, (_, index) => (
          <span
            key={index}
            className={index < props.pin.length ? 'gate__dot gate__dot--on' : 'gate__dot'}
          />
        ))}
      </div>
      {props.waitLeftSeconds > 0 ? (
        <p className="gate__notice" role="alert" data-testid="pin-wait">
          {t('staff.pin.wait', { seconds: props.waitLeftSeconds })}
        </p>
      ) : props.isChecking ? (
        <p className="gate__notice gate__notice--quiet" role="status">
          {t('staff.pin.checking')}
        </p>
      ) : (
        props.notice && (
          <p className="gate__notice" role="alert" data-testid="pin-message">
            {props.notice}
          </p>
        )
      )}
      <div className="gate__pad" role="group" aria-label={t('staff.pin.pad')} data-gate-pad>
        {padRows.map((row) => row.map(digit))}
        <button
          type="button"
          className="gate__key gate__key--muted"
          data-testid="pin-erase"
          aria-label={t('staff.pin.erase')}
          disabled={isBlocked}
          onClick={props.onErase}
        >
          ⌫
        </button>
        {digit('0')}
        <button
          type="button"
          className="gate__key gate__key--go"
          data-testid="pin-ok"
          disabled={isBlocked}
          onClick={props.onSubmit}
        >
          {t('staff.pin.ok')}
        </button>
      </div>
      <button
        type="button"
        className="button button--ghost"
        data-testid="pin-back"
        onClick={props.onBack}
      >
        {t('staff.pin.back')}
      </button>
    </div>
  );
}
