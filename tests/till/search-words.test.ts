// The keys a cached record is found by, and the prefixes a typed query asks for: accents,
// ligatures and case folded away, and a name joined by an apostrophe or a hyphen found whole as
// well as by its parts, whichever apostrophe or hyphen the record or the cashier used.
import { describe, expect, it } from 'vitest';
import {
  normaliseSearchText,
  queryWordsOf,
  searchWordsOf,
} from '../../renderer/store/search-words.ts';

describe('search words', () => {
  it.each([
    { text: 'Gérard Lefèvre', words: ['gerard', 'lefevre'] },
    { text: 'Crèvecœur', words: ['crevecoeur'] },
    { text: 'CRÈVECŒUR', words: ['crevecoeur'] },
    { text: 'Lætitia Æbischer', words: ['laetitia', 'aebischer'] },
    { text: 'Straße', words: ['strasse'] },
    { text: "D'Hondt", words: ['d', 'hondt', 'dhondt'] },
    { text: 'D’Hondt', words: ['d', 'hondt', 'dhondt'] },
    { text: 'Marie Dupont-Léger', words: ['marie', 'dupont', 'leger', 'dupontleger'] },
    { text: 'Jean\u2011Luc', words: ['jean', 'luc', 'jeanluc'] },
    { text: "O'Brien-Smith", words: ['o', 'brien', 'smith', 'obriensmith'] },
    // Standing apart, an apostrophe or a dash joins nothing.
    { text: "l' Abbé - Noël", words: ['l', 'abbe', 'noel'] },
    { text: "--'Zoé'--", words: ['zoe'] },
    { text: 'gerard@example.org', words: ['gerard@example.org'] },
    { text: '2990000000019', words: ['2990000000019'] },
    { text: '   ', words: [] },
    { text: '', words: [] },
  ])('indexes "$text" as $words', ({ text, words }) => {
    expect(searchWordsOf(text)).toEqual(words);
  });

  it('gathers the words of several fields once each, skipping empty ones', () => {
    expect(searchWordsOf('Zoé Noël', null, 'zoe@example.org', undefined, 'Zoé')).toEqual([
      'zoe',
      'noel',
      'zoe@example.org',
    ]);
  });

  it.each([
    { query: 'crevecoeur', words: ['crevecoeur'] },
    { query: 'crèvecœ', words: ['crevecoe'] },
    { query: 'dhondt', words: ['dhondt'] },
    { query: "d'hondt", words: ['dhondt'] },
    { query: 'D’HONDT', words: ['dhondt'] },
    { query: "d'", words: ['d'] },
    { query: 'dupont-l', words: ['dupontl'] },
    { query: 'dup marie', words: ['dup', 'marie'] },
    { query: 'marie marie', words: ['marie'] },
    { query: ' - ', words: [] },
  ])('asks "$query" as $words', ({ query, words }) => {
    expect(queryWordsOf(query)).toEqual(words);
  });

  it('makes every query for a name a prefix of one of its keys', () => {
    const names = ['Crèvecœur', "D'Hondt", 'Marie Dupont-Léger', 'Lætitia Æbischer'];
    const queries = ['crevecoeur', 'CRÈVEC', 'dhondt', "d'hon", 'd’hondt', 'dupont-le', 'laeti'];
    for (const query of queries) {
      const [word] = queryWordsOf(query);
      const isFound = names.some((name) =>
        searchWordsOf(name).some((key) => word !== undefined && key.startsWith(word)),
      );
      expect(isFound, query).toBe(true);
    }
  });

  it('folds text the same way for the sort of results', () => {
    expect(normaliseSearchText('Œuvre Émile')).toBe('oeuvre emile');
  });
});
