// The staff in the ledger, on every engine: an existing database gains the staff table and the
// service flag of its products, PINs are kept only as hashes the tills can verify, names are
// unique among active staff as a person reads them, the last active manager stays one, and a
// manager's credentials are checked as the till's writes need.
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.ts';
import { createMemoryLogger } from '../../shared/logger.ts';
import { verifyPin } from '../../shared/pin.ts';
import { Ledger } from '../../server/ledger/ledger.ts';
import type { Database } from '../../server/storage/database.ts';
import { migrate } from '../../server/storage/migrate.ts';
import { isPostgresUrl } from '../../server/storage/open.ts';
import { openPostgres } from '../../server/storage/postgres.ts';
import { openSqlite } from '../../server/storage/sqlite.ts';
import {
  createTestDatabase,
  engines,
  openTestLedger,
  type TestDatabase,
} from '../support/databases.ts';
import { testStaff } from '../support/store.ts';

function openRaw(location: string): Database {
  return isPostgresUrl(location) ? openPostgres(location) : openSqlite(location);
}

describe.each(engines)('staff in the ledger on %s', (engine) => {
  const cleanups: (() => Promise<void>)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function openLedger() {
    const opened = await openTestLedger(engine);
    cleanups.push(opened.close);
    return opened.ledger;
  }

  it('migrates an existing database: wallet credits become services, articles do not', async () => {
    const database: TestDatabase = await createTestDatabase(engine);
    cleanups.push(database.drop);
    const { logger } = createMemoryLogger();
    const raw = openRaw(database.location);
    await migrate(raw, logger, 3);
    const creditId = newId();
    const articleId = newId();
    await raw.write(async (sql) => {
      for (const [id, name, isWalletCredit] of [
        [creditId, 'Crédit', 1],
        [articleId, 'Pain', 0],
      ] as const) {
        await sql.run(
          'INSERT INTO products (id, name, barcode, price_minor, tax_rate_bp, is_wallet_credit, ' +
            "is_active, change_seq, created_at) VALUES (?, ?, NULL, 100, 0, ?, 1, 1, '2026-01-01')",
          [id, name, isWalletCredit],
        );
      }
    });
    expect(await migrate(raw, logger)).toBe(1);
    await raw.close();

    const ledger = new Ledger({ database: openRaw(database.location), logger });
    try {
      const page = await ledger.pull({ cursor: 0, limit: 100 });
      const byId = new Map(page.products.map((product) => [product.id, product]));
      expect(byId.get(creditId)).toMatchObject({ isWalletCredit: true, isService: true });
      expect(byId.get(articleId)).toMatchObject({ isWalletCredit: false, isService: false });
      expect(await ledger.listStaff()).toEqual([]);
    } finally {
      await ledger.close();
    }
  });

  it('keeps only a hash of the PIN, which the pull carries and which verifies', async () => {
    const ledger = await openLedger();
    const id = newId();
    const saved = await ledger.saveStaffMember(id, {
      ...testStaff.manager,
      role: 'manager',
      isActive: true,
    });
    expect(saved.ok).toBe(true);
    const stored = await ledger.database.read((sql) =>
      sql.all<{ pin_hash: string }>('SELECT pin_hash FROM staff WHERE id = ?', [id]),
    );
    expect(stored[0]?.pin_hash).toMatch(/^pbkdf2-sha256\$\d+\$/);
    expect(stored[0]?.pin_hash).not.toContain(testStaff.manager.pin);

    const page = await ledger.pull({ cursor: 0, limit: 100 });
    expect(page.staff).toHaveLength(1);
    expect(page.staff[0]).toMatchObject({ id, name: 'Mona', role: 'manager', isActive: true });
    expect(await verifyPin(testStaff.manager.pin, page.staff[0]!.pinHash)).toBe(true);

    // Only what changed comes again.
    const later = await ledger.pull({ cursor: page.cursor, limit: 100 });
    expect(later.staff).toEqual([]);
  });

  it('refuses a second active member of the same name, case and accents aside', async () => {
    const ledger = await openLedger();
    const first = newId();
    expect(
      (
        await ledger.saveStaffMember(first, {
          name: 'Éloïse',
          role: 'cashier',
          pin: '1111',
          isActive: true,
        })
      ).ok,
    ).toBe(true);
    const again = await ledger.saveStaffMember(newId(), {
      name: '  eloise ',
      role: 'cashier',
      pin: '2222',
      isActive: true,
    });
    expect(again).toEqual({ ok: false, reason: 'staff_name_taken' });

    // Once the first one is disabled, the name is free again.
    await ledger.saveStaffMember(first, {
      name: 'Éloïse',
      role: 'cashier',
      pin: null,
      isActive: false,
    });
    const reused = await ledger.saveStaffMember(newId(), {
      name: 'Eloise',
      role: 'cashier',
      pin: '2222',
      isActive: true,
    });
    expect(reused.ok).toBe(true);
  });

  it('keeps the last active manager a manager', async () => {
    const ledger = await openLedger();
    const id = newId();
    await ledger.saveStaffMember(id, {
      name: 'Mona',
      role: 'manager',
      pin: '2468',
      isActive: true,
    });
    for (const change of [
      { role: 'manager', isActive: false },
      { role: 'cashier', isActive: true },
    ] as const) {
      const refused = await ledger.saveStaffMember(id, { name: 'Mona', pin: null, ...change });
      expect(refused).toEqual({ ok: false, reason: 'last_active_manager' });
    }
    const staff = await ledger.listStaff();
    expect(staff).toMatchObject([{ id, role: 'manager', isActive: true }]);
  });

  it('checks a manager: right PIN, wrong PIN, a cashier, a disabled manager', async () => {
    const ledger = await openLedger();
    const mona = newId();
    const nora = newId();
    const camille = newId();
    await ledger.saveStaffMember(mona, {
      name: 'Mona',
      role: 'manager',
      pin: '2468',
      isActive: true,
    });
    await ledger.saveStaffMember(nora, {
      name: 'Nora',
      role: 'manager',
      pin: '5555',
      isActive: true,
    });
    await ledger.saveStaffMember(camille, {
      name: 'Camille',
      role: 'cashier',
      pin: '1357',
      isActive: true,
    });
    expect(await ledger.verifyManager({ staffId: mona, pin: '2468' })).toMatchObject({ ok: true });
    expect(await ledger.verifyManager({ staffId: mona, pin: '2469' })).toEqual({
      ok: false,
      reason: 'manager_pin_wrong',
    });
    expect(await ledger.verifyManager({ staffId: camille, pin: '1357' })).toEqual({
      ok: false,
      reason: 'not_a_manager',
    });
    await ledger.saveStaffMember(nora, {
      name: 'Nora',
      role: 'manager',
      pin: null,
      isActive: false,
    });
    expect(await ledger.verifyManager({ staffId: nora, pin: '5555' })).toEqual({
      ok: false,
      reason: 'not_a_manager',
    });
    expect(await ledger.verifyManager({ staffId: newId(), pin: '2468' })).toEqual({
      ok: false,
      reason: 'not_a_manager',
    });
  });
});
