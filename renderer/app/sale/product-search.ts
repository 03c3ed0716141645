// Finding articles as the cashier types or scans. The search itself lives with the local store
// (any word's start, accents aside, through the multi-entry index); this adds what the sale
// screen decides: what counts as a scan, and that only articles on sale can be rung up.
import type { CachedProduct, TillDatabase } from '../../store/database.ts';
import { findProductByBarcode, searchProducts } from '../../store/search.ts';

export const productResultsMax = 40;

/** What a scanner types: digits only, then Enter. */
export function isBarcodeEntry(text: string): boolean {
  return /^\d{4,}$/.test(text.trim());
}

export function findProducts(db: TillDatabase, text: string): Promise<CachedProduct[]> {
  return searchProducts(db, text, { limit: productResultsMax });
}

export async function findActiveProductByBarcode(db: TillDatabase, barcode: string) {
  const product = await findProductByBarcode(db, barcode);
  return product?.isActive ? product : null;
}
