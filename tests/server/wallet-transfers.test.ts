// Wallet transfers from outside the tills (bank, invoice, adjustment, payout): bad amounts are
// refused with nothing written, and a retried transfer id books nothing twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.ts';
import { WalletTransferError } from '../../server/ledger/wallet-transfers.ts';
import { engines, openTestLedger } from '../support/databases.ts';
import { seedStore, type SeededStore } from '../support/store.ts';

describe.each(engines)('wallet transfers on %s', (engine) => {
  let testLedger: Awaited<ReturnType<typeof openTestLedger>>;
  let store: SeededStore;
  beforeAll(async () => {
    testLedger = await openTestLedger(engine);
    store = await seedStore(testLedger.ledger, { walletBalanceMinor: 0 });
  });
  afterAll(() => testLedger.close());

  const transactionCount = () =>
    testLedger.ledger.database.read(async (sql) => {
      const rows = await sql.all<{ count: unknown }>('SELECT COUNT(*) AS count FROM transactions');
      return Number(rows[0]?.count);
    });

  it.each([
    ['a float amount', 10.5, 'invalid_amount'],
    ['a zero amount', 0, 'invalid_amount'],
    ['an amount beyond any wallet', 1e15, 'invalid_amount'],
  ])('refuses %s and writes nothing', async (_name, amountMinor, code) => {
    const before = await transactionCount();
    const attempt = testLedger.ledger.bookWalletTransfer({
      kind: 'bank_top_up',
      customerId: store.alice.id,
      amountMinor,
      description: 'Virement',
    });
    await expect(attempt).rejects.toMatchObject({ name: 'WalletTransferError', code });
    expect(await transactionCount()).toBe(before);
  });

  it('refuses an unknown customer and an empty description', async () => {
    const before = await transactionCount();
    await expect(
      testLedger.ledger.bookWalletTransfer({
        kind: 'bank_top_up',
        customerId: newId(),
        amountMinor: 100,
        description: 'Virement',
      }),
    ).rejects.toBeInstanceOf(WalletTransferError);
    await expect(
      testLedger.ledger.bookWalletTransfer({
        kind: 'bank_top_up',
        customerId: store.alice.id,
        amountMinor: 100,
        description: '  ',
      }),
    ).rejects.toMatchObject({ code: 'invalid_description' });
    expect(await transactionCount()).toBe(before);
  });

  it('books a retried transfer once and refuses the same id with another amount', async () => {
    const transfer = {
      id: newId(),
      kind: 'bank_top_up' as const,
      customerId: store.alice.id,
      amountMinor: 2_500,
      description: '+++090/9337/55493+++',
    };
    const first = await testLedger.ledger.bookWalletTransfer(transfer);
    const again = await testLedger.ledger.bookWalletTransfer(transfer);
    expect(again).toEqual(first);
    const customer = await testLedger.ledger.readCustomer(store.alice.id);
    expect(customer?.walletBalanceMinor).toBe(first.balanceMinor);
    await expect(
      testLedger.ledger.bookWalletTransfer({ ...transfer, amountMinor: 2_600 }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect((await testLedger.ledger.readCustomer(store.alice.id))?.walletBalanceMinor).toBe(
      first.balanceMinor,
    );
    expect(await testLedger.ledger.check()).toEqual([]);
  });
});
