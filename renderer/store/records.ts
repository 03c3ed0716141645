// Server records as the till caches them: with the search words the local search index needs,
// and for a customer the time the server vouched for the balance, which the offline rules read.
import type { Customer, Product } from '../../shared/domain.ts';
import type { CachedCustomer, CachedProduct } from './database.ts';
import { searchWordsOf } from './search-words.ts';

export function toCachedCustomer(customer: Customer, balanceAt: string): CachedCustomer {
  return {
    ...customer,
    searchWords: searchWordsOf(customer.name, customer.email, customer.cardBarcode),
    balanceAt,
  };
}

export function toCachedProduct(product: Product): CachedProduct {
  return { ...product, searchWords: searchWordsOf(product.name, product.barcode) };
}
