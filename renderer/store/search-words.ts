// Search keys for the local catalogue: every word of a name, lower-cased and without accents, so
// "gerard" finds "Gérard" and "dupont" finds "Marie Dupont-Léger". IndexedDB matches a prefix of
// one key quickly through a multi-entry index; several words are intersected in memory.

export function normaliseSearchText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

export function searchWordsOf(...texts: readonly (string | null | undefined)[]): string[] {
  const words = new Set<string>();
  for (const value of texts) {
    if (!value) continue;
    for (const word of normaliseSearchText(value).split(/[^\p{L}\p{N}@.]+/u)) {
      if (word.length > 0) words.add(word);
    }
  }
  return [...words];
}
