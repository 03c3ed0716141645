// The till's local store belongs to the server it was filled from: its customers, balances,
// cursor and order numbers mean nothing to another one. So a till is paired again only when
// nothing in it is still owed to its server (no order waiting in the outbox, no session report
// not yet sent), and after the new pairing the whole store is deleted and the till starts over
// with a first download from the new server. Deleting rather than emptying table by table means
// no half-cleared store can survive a crash in the middle.
import { TillDatabase } from '../../store/database.ts';

/** Orders and session reports this till still has to send to its server. */
export async function unsentWorkCount(db: TillDatabase): Promise<number> {
  const orders = await db.outbox.count();
  const reports = await db.sessions.filter((session) => session.reportStatus === 'pending').count();
  return orders + reports;
}

/**
 * Deletes the local store. The caller has stopped the sync engine; Dexie waits for every other
 * connection of this page to close.
 */
export async function deleteLocalStore(db: TillDatabase): Promise<void> {
  db.close();
  await db.delete();
}

/** The local store of a till that is not paired yet, if a previous pairing left one. */
export async function unsentWorkInLeftoverStore(): Promise<number> {
  const names = await indexedDB.databases().catch(() => []);
  const db = new TillDatabase();
  if (!names.some((database) => database.name === db.name)) return 0;
  try {
    await db.open();
    return await unsentWorkCount(db);
  } finally {
    db.close();
  }
}

export async function deleteLeftoverStore(): Promise<void> {
  await new TillDatabase().delete();
}
