// Finding articles in the local catalogue: every typed word must start a word of the name,
// accents and case aside ("pain lev" finds "Pain au levain"). The most selective word goes
// through the multi-entry index; the others are checked on the few rows it yields.
import type { CachedProduct, TillDatabase } from '../../store/database.ts';
import { searchWordsOf } from '../../store/search-words.ts';

export const productResultsMax = 40;

/** What a scanner types: digits only, then Enter. */
export function isBarcodeEntry(text: string): boolean {
  return /^\d{4,}$/.test(text.trim());
}

export function startsEveryWord(candidateWords: readonly string[], typed: readonly string[]) {
  return typed.every((word) => candidateWords.some((candidate) => candidate.startsWith(word)));
}

export async function searchProducts(db: TillDatabase, text: string): Promise<CachedProduct[]> {
  const words = searchWordsOf(text).sort((left, right) => right.length - left.length);
  const [indexed, ...others] = words;
  if (indexed === undefined) return [];

  const found = await db.products
    .where('searchWords')
    .startsWith(indexed)
    .distinct()
    .filter((product) => product.isActive && startsEveryWord(product.searchWords, others))
    .limit(productResultsMax)
    .toArray();
  return found.sort((left, right) => left.name.localeCompare(right.name));
}

export async function findProductByBarcode(db: TillDatabase, barcode: string) {
  const found = await db.products.where('barcode').equals(barcode.trim()).toArray();
  return found.find((product) => product.isActive) ?? null;
}
