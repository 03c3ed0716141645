// Search keys for the local catalogue: every word of a name, lower-cased and folded to the letters
// a cashier types, so "gerard" finds "Gérard", "crevecoeur" finds "Crèvecœur" and "dupont" finds
// "Marie Dupont-Léger". IndexedDB matches a prefix of one key quickly through a multi-entry
// index; the words of a query are intersected by primary key (search.ts).
//
// A name joined by an apostrophe or a hyphen is kept whole as well as in its parts: "D'Hondt"
// gives "d", "hondt" and "dhondt", so a cashier finds it by typing "hondt", "dhondt" or "d'hondt".
// A query keeps such a word whole only ("d'hondt" asks for "dhondt"), the more selective key.

/**
 * Letters that no Unicode decomposition takes apart, spelt as typed on a keyboard without them.
 * Lower case only: folding runs after `toLowerCase`.
 */
const ligatures: Readonly<Record<string, string>> = { œ: 'oe', æ: 'ae', ß: 'ss' };

/** Apostrophes (straight, typographic, modifier letter) and hyphens (ASCII, Unicode, no-break). */
const joiner = "['\\u2018\\u2019\\u02bc\\-\\u2010\\u2011]";
/** Letters, digits, and the "@" and "." that keep an e-mail address one word. */
const wordCharacter = '[\\p{L}\\p{N}@.]';
const joiners = new RegExp(joiner, 'u');
/** Word characters, possibly joined by apostrophes or hyphens that stand between two of them. */
const runs = new RegExp(`${wordCharacter}+(?:${joiner}${wordCharacter}+)*`, 'gu');

export function normaliseSearchText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[œæß]/gu, (letter) => ligatures[letter] ?? letter);
}

function runsOf(text: string): string[] {
  return normaliseSearchText(text).match(runs) ?? [];
}

/** The keys a record is found by: every word, and each joined word also whole. */
export function searchWordsOf(...texts: readonly (string | null | undefined)[]): string[] {
  const words = new Set<string>();
  for (const value of texts) {
    if (!value) continue;
    for (const run of runsOf(value)) {
      const parts = run.split(joiners);
      for (const part of parts) words.add(part);
      if (parts.length > 1) words.add(parts.join(''));
    }
  }
  return [...words];
}

/** The prefixes a typed query asks for, each one a key's start, joined words kept whole. */
export function queryWordsOf(text: string): string[] {
  return [...new Set(runsOf(text).map((run) => run.split(joiners).join('')))];
}
