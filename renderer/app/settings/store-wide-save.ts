// Sending one store-wide change to the server with the approving manager's credentials, and
// turning each way it can end into what the form shows. Offline the change is refused before
// anything is sent: the server owns these settings, and a till that wrote them locally would
// disagree with every other till until it reconnected.
import type { ErrorIssue } from '../../../shared/protocol.ts';
import { LedgerRefusalError, LedgerUnreachableError } from '../../api/ledger-client.ts';
import type { SyncEngine } from '../../sync/types.ts';
import { fieldOfIssuePath } from './settings-forms.ts';

export type StoreWideRefusal =
  'offline' | 'manager_refused' | 'settings_changed' | 'invalid' | 'failed';

/**
 * The server's issues, keyed by field name. They stay as the server sent them (code, values and
 * English message) until shown, so the field says them in the till's language.
 */
export type ServerProblems = Partial<Record<string, ErrorIssue>>;

export type StoreWideOutcome<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      reason: StoreWideRefusal;
      /** What the server said per field, when it named fields. */
      serverProblems: ServerProblems;
      serverMessage: string | null;
      /** The server's reason code, when it answered with one. */
      serverCode: string | null;
    };

const managerRefusalCodes = new Set(['manager_pin_wrong', 'not_a_manager', 'too_many_attempts']);

export async function saveStoreWide<T>(
  engine: SyncEngine,
  send: () => Promise<T>,
): Promise<StoreWideOutcome<T>> {
  const refused = (
    reason: StoreWideRefusal,
    serverMessage: string | null = null,
    serverProblems: ServerProblems = {},
    serverCode: string | null = null,
  ): StoreWideOutcome<T> => ({ ok: false, reason, serverProblems, serverMessage, serverCode });

  if (!engine.isOnline()) return refused('offline');
  let value: T;
  try {
    value = await send();
  } catch (error) {
    if (error instanceof LedgerUnreachableError) return refused('offline');
    if (!(error instanceof LedgerRefusalError)) return refused('failed');
    if (error.status === 401 || error.status === 403 || managerRefusalCodes.has(error.code)) {
      return refused('manager_refused', error.message, {}, error.code);
    }
    if (error.status === 409) return refused('settings_changed', error.message, {}, error.code);
    const problems: ServerProblems = {};
    for (const issue of error.issues) problems[fieldOfIssuePath(issue.path)] = issue;
    return refused('invalid', error.message, problems, error.code);
  }
  // The server pokes every till; pulling now shows this till the change without waiting.
  void engine.pullNow().catch(() => undefined);
  return { ok: true, value };
}
