// Records for tests of the till's store that need no server: a fresh database on fake-indexeddb,
// and customers, products and orders as the till caches them, each test naming only what it
// cares about.
import 'fake-indexeddb/auto';
import { expect } from 'vitest';
import type { Customer, Product } from '../../shared/domain.ts';
import { newId } from '../../shared/ids.ts';
import { TillDatabase, type TillOrder } from '../../renderer/store/database.ts';
import { toCachedCustomer, toCachedProduct } from '../../renderer/store/records.ts';
import { memorySearchIndex } from '../../renderer/store/search-index.ts';
import { makeOrder } from '../support/store.ts';

let databaseCounter = 0;

export function uniqueDatabaseName(): string {
  databaseCounter += 1;
  return `local-${databaseCounter}-${newId()}`;
}

export function openLocalDatabase(name = uniqueDatabaseName()): TillDatabase {
  return new TillDatabase(name);
}

/** Waits, boundedly, for the copy of a table's search words to be filled. */
export async function whenCopyReady(db: TillDatabase, table: 'customers' | 'products') {
  const index = memorySearchIndex(db, table);
  for (let attempt = 0; attempt < 1_000 && !index?.isReady(); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(index?.isReady()).toBe(true);
}

export const balanceAt = '2026-01-05T09:00:00.000Z';

export function customer(overrides: Partial<Customer> & Pick<Customer, 'name'>): Customer {
  return {
    id: newId(),
    email: null,
    cardBarcode: null,
    householdId: null,
    isWalletUser: true,
    walletId: newId(),
    walletBalanceMinor: 0,
    isActive: true,
    ...overrides,
  };
}

export function cachedCustomer(overrides: Partial<Customer> & Pick<Customer, 'name'>) {
  return toCachedCustomer(customer(overrides), balanceAt);
}

export function cachedProduct(overrides: Partial<Product> & Pick<Product, 'name'>) {
  return toCachedProduct({
    id: newId(),
    barcode: null,
    priceMinor: 250,
    taxRateBasisPoints: 600,
    isWalletCredit: false,
    isService: false,
    isActive: true,
    ...overrides,
  });
}

/** A pending order of 5,00 paid from the customer's wallet, as validation would store it. */
export function pendingWalletOrder(customerId: string, amountMinor = 500): TillOrder {
  const productId = newId();
  const order = makeOrder({
    customerId,
    lines: [
      {
        productId,
        name: 'Savon',
        quantityMilli: 1000,
        unitPriceMinor: amountMinor,
        taxRateBasisPoints: 2100,
        isWalletCredit: false,
        totalMinor: amountMinor,
      },
    ],
    payments: [{ methodId: newId(), kind: 'wallet', amountMinor }],
  });
  return {
    id: order.id,
    order,
    status: 'pending',
    walletBalanceAfterMinor: null,
    isBalanceProvisional: true,
    failure: null,
    syncedAt: null,
  };
}
