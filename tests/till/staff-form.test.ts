// The staff form: what a manager types for a cashier or a manager becomes one change for the
// server, or every wrong field named at once and nothing sent. The approval is spent only when
// the approving manager changed their own PIN or stopped being an active manager.
import { describe, expect, it } from 'vitest';
import {
  activeToggleOf,
  isApprovalSpent,
  staffChangeFromDraft,
  staffDraftOf,
  type StaffChangeInput,
  type StaffDraft,
} from '../../renderer/app/settings/staff-form.ts';
import type { ManagerApproval } from '../../renderer/app/staff/types.ts';
import type { StaffMember } from '../../shared/domain.ts';
import { newId } from '../../shared/ids.ts';

const camille: StaffMember = {
  id: newId(),
  name: 'Camille',
  role: 'cashier',
  pinHash: 'scrypt$not-a-real-hash',
  isActive: true,
};
const mona: StaffMember = { ...camille, id: newId(), name: 'Mona', role: 'manager' };
const approval: ManagerApproval = {
  manager: { id: mona.id, name: mona.name },
  credentials: { staffId: mona.id, pin: '2468' },
};

function newDraft(patch: Partial<StaffDraft>): StaffDraft {
  return { ...staffDraftOf(null), name: 'Bastien', pin: '8642', pinAgain: '8642', ...patch };
}

describe('the staff form', () => {
  it('makes a new cashier, active, with the PIN typed twice', () => {
    expect(staffChangeFromDraft(newDraft({ name: '  Bastien  ' }), true)).toEqual({
      ok: true,
      value: { name: 'Bastien', role: 'cashier', pin: '8642', isActive: true },
    });
  });

  it('keeps a known member’s PIN when both PIN fields are left empty', () => {
    const draft = { ...staffDraftOf(camille), role: 'manager' as const };
    expect(draft.pin).toBe('');
    expect(staffChangeFromDraft(draft, false)).toEqual({
      ok: true,
      value: { name: 'Camille', role: 'manager', pin: null, isActive: true },
    });
  });

  it('sends a known member’s new PIN when it is typed twice', () => {
    const draft = { ...staffDraftOf(camille), pin: '97531', pinAgain: '97531' };
    expect(staffChangeFromDraft(draft, false)).toMatchObject({ ok: true, value: { pin: '97531' } });
  });

  it.each([
    ['an empty name', { name: '   ' }, { name: 'required' }],
    ['a name too long', { name: 'x'.repeat(101) }, { name: 'out_of_range' }],
    ['no PIN', { pin: '', pinAgain: '' }, { pin: 'required' }],
    ['PINs that differ', { pin: '8642', pinAgain: '8643' }, { pinAgain: 'pin_mismatch' }],
    ['the second PIN missing', { pin: '8642', pinAgain: '' }, { pinAgain: 'pin_mismatch' }],
    [
      'only the second PIN',
      { pin: '', pinAgain: '8642' },
      { pin: 'pin_format', pinAgain: 'pin_mismatch' },
    ],
    ['a PIN of three digits', { pin: '864', pinAgain: '864' }, { pin: 'pin_format' }],
    ['a PIN of nine digits', { pin: '123456789', pinAgain: '123456789' }, { pin: 'pin_format' }],
    ['a PIN with a letter', { pin: '86a2', pinAgain: '86a2' }, { pin: 'pin_format' }],
    ['a PIN with a space', { pin: '8642 ', pinAgain: '8642 ' }, { pin: 'pin_format' }],
    ['a PIN in other digits', { pin: '٨٦٤٢', pinAgain: '٨٦٤٢' }, { pin: 'pin_format' }],
    [
      'everything wrong at once',
      { name: '', pin: '12', pinAgain: '21' },
      { name: 'required', pin: 'pin_format', pinAgain: 'pin_mismatch' },
    ],
  ] as const)('refuses %s for a new member', (_title, patch, problems) => {
    expect(staffChangeFromDraft(newDraft(patch), true)).toEqual({ ok: false, problems });
  });

  it('refuses a known member’s new PIN that is not 4 to 8 digits', () => {
    const draft = { ...staffDraftOf(camille), pin: '12', pinAgain: '12' };
    expect(staffChangeFromDraft(draft, false)).toEqual({
      ok: false,
      problems: { pin: 'pin_format' },
    });
  });

  it('switches a member off and on again, keeping name, role and PIN', () => {
    const off = activeToggleOf(camille);
    expect(off).toEqual({ name: 'Camille', role: 'cashier', pin: null, isActive: false });
    expect(activeToggleOf({ ...camille, isActive: false }).isActive).toBe(true);
  });
});

describe('an approval spent by a staff change', () => {
  const keepsMona: StaffChangeInput = { name: 'Mona', role: 'manager', pin: null, isActive: true };

  it.each([
    ['the approver renamed', mona.id, { ...keepsMona, name: 'Mona L.' }, false],
    ['the approver’s new PIN', mona.id, { ...keepsMona, pin: '1234' }, true],
    ['the approver made a cashier', mona.id, { ...keepsMona, role: 'cashier' }, true],
    ['the approver disabled', mona.id, { ...keepsMona, isActive: false }, true],
    ['someone else’s new PIN', camille.id, { ...keepsMona, name: 'Camille', pin: '1234' }, false],
    [
      'someone else disabled',
      camille.id,
      { ...keepsMona, name: 'Camille', isActive: false },
      false,
    ],
  ] as const)('%s: spent is %s', (_title, memberId, change, isSpent) => {
    expect(isApprovalSpent(approval, memberId, change)).toBe(isSpent);
  });
});
