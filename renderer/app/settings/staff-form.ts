// The staff form as plain data: what a manager typed for one cashier or manager, checked field by
// field and turned into the one change the server is sent. The PIN is typed twice because nobody
// sees it on screen: a slip of the finger would otherwise lock that person out of every till.
import { pinSchema, type StaffMember, type StaffRole } from '../../../shared/domain.ts';
import type { SaveStaffRequest } from '../../../shared/protocol.ts';
import type { ManagerApproval } from '../staff/types.ts';
import type { FieldProblems, FormResult } from './settings-forms.ts';

export type StaffChangeInput = SaveStaffRequest['member'];

export interface StaffDraft {
  name: string;
  role: StaffRole;
  pin: string;
  pinAgain: string;
  isActive: boolean;
}

/** The longest name the server keeps. */
export const staffNameLengthMax = 100;

/** A member as the form first shows them; the PIN fields start empty, since none is shown. */
export function staffDraftOf(member: StaffMember | null): StaffDraft {
  return {
    name: member?.name ?? '',
    role: member?.role ?? 'cashier',
    pin: '',
    pinAgain: '',
    isActive: member?.isActive ?? true,
  };
}

/**
 * Checks a draft. A new member needs a PIN; for a known one, both PIN fields left empty keep the
 * current PIN (`pin: null`). Every wrong field is named at once.
 */
export function staffChangeFromDraft(
  draft: StaffDraft,
  isNew: boolean,
): FormResult<StaffChangeInput> {
  const problems: FieldProblems = {};
  const name = draft.name.trim();
  if (name === '') problems.name = 'required';
  else if (name.length > staffNameLengthMax) problems.name = 'out_of_range';

  const isPinTyped = draft.pin !== '' || draft.pinAgain !== '';
  if (!isPinTyped && isNew) problems.pin = 'required';
  if (isPinTyped && !pinSchema.safeParse(draft.pin).success) problems.pin = 'pin_format';
  if (isPinTyped && draft.pinAgain !== draft.pin) problems.pinAgain = 'pin_mismatch';

  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      name,
      role: draft.role,
      pin: isPinTyped ? draft.pin : null,
      isActive: draft.isActive,
    },
  };
}

/** The same member, switched on or off, everything else kept: what the list's button sends. */
export function activeToggleOf(member: StaffMember): StaffChangeInput {
  return { name: member.name, role: member.role, pin: null, isActive: !member.isActive };
}

/**
 * Whether a saved change leaves the approval's credentials unusable: the approving manager gave
 * themselves a new PIN, or stopped being an active manager. The server checks those credentials
 * on every write, so the pane must not go on sending them.
 */
export function isApprovalSpent(
  approval: ManagerApproval,
  memberId: string,
  change: StaffChangeInput,
): boolean {
  if (memberId !== approval.manager.id) return false;
  return change.pin !== null || !change.isActive || change.role !== 'manager';
}
