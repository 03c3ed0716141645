// Who is at the till, as the screens see it. The staff context (staff-context.tsx) signs people
// in against the PIN hashes pulled from the server, locks the till when it sits idle, and asks
// for a manager wherever the store's rules want one.
import type { StaffRole } from '../../../shared/domain.ts';
import type { ManagerCredentials } from '../../../shared/protocol.ts';

export interface SignedInStaff {
  id: string;
  name: string;
  role: StaffRole;
}

/** The actions only a manager may take; a cashier at the till calls one over to approve. */
export type ManagerAction = 'settings' | 'refund' | 'close_with_unsynced' | 'clear_failed';

/**
 * A manager's yes, with the credentials the server checks on a store-wide change. The PIN is
 * held in memory only, for as long as the screen that asked for it is open.
 */
export interface ManagerApproval {
  manager: { id: string; name: string };
  credentials: ManagerCredentials;
}

export interface StaffSession {
  /** Null while the till is locked. */
  current: SignedInStaff | null;
  lock(): void;
  /**
   * Resolves with the approving manager, or null when the dialog is cancelled. A signed-in
   * manager approves by typing their own PIN again, so a till left open is not a manager's.
   */
  requireManager(action: ManagerAction): Promise<ManagerApproval | null>;
}
