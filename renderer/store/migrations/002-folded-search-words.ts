// Version 2 of the till's store. Search words now fold "œ", "æ" and "ß" and keep a name joined
// by an apostrophe or a hyphen whole as well (search-words.ts), so the words cached under
// version 1 are computed again from each record: otherwise "crevecoeur" would miss a Crèvecœur
// pulled before the update until the server happened to send that customer again. The words come
// from the code of the moment; a later change to them brings its own step, as this one does.
//
// The customers' e-mail index goes. Nothing looks a customer up by address alone (typing an
// address goes through the search words like a name), and every customer written paid for it.
import type { Transaction } from 'dexie';
import type { CachedCustomer, CachedProduct } from '../database.ts';
import { searchWordsOf } from '../search-words.ts';

export const version2Stores = {
  customers: 'id, *searchWords, cardBarcode, walletId',
};

export async function upgradeToVersion2(transaction: Transaction): Promise<void> {
  await transaction
    .table<CachedCustomer, string>('customers')
    .toCollection()
    .modify((customer) =>
      replaceWords(customer, searchWordsOf(customer.name, customer.email, customer.cardBarcode)),
    );
  await transaction
    .table<CachedProduct, string>('products')
    .toCollection()
    .modify((product) => replaceWords(product, searchWordsOf(product.name, product.barcode)));
}

/** Answering false leaves a record unwritten, so only the records whose words changed cost. */
function replaceWords(record: { searchWords: string[] }, words: string[]): boolean {
  const isSame =
    words.length === record.searchWords.length &&
    words.every((word, index) => record.searchWords[index] === word);
  if (isSame) return false;
  record.searchWords = words;
  return true;
}
