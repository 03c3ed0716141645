// The till's translation layer: a typed catalogue per language and a `t()` that fills the
// placeholders. French is the source of the keys; the type of a call says which placeholders a
// message needs, and the English catalogue is checked to use the same ones, so a translation
// can never drop an amount the cashier needs to see.
import { en } from './messages.en.ts';
import { fr } from './messages.fr.ts';

export const languages = ['fr', 'en'] as const;
export type Language = (typeof languages)[number];

export type MessageKey = keyof typeof fr;

/**
 * A message is one string, or a few strings joined without a separator so that a long sentence
 * still fits the line width of the source.
 */
export type Message = string | readonly string[];

type Joined<Text> = Text extends string
  ? Text
  : Text extends readonly [infer Head extends string, ...infer Rest extends readonly string[]]
    ? `${Head}${Joined<Rest>}`
    : '';

/** The placeholder names in a text, e.g. "il reste {available}" gives "available". */
export type PlaceholdersOf<Text extends string> =
  Text extends `${string}{${infer Name}}${infer Rest}` ? Name | PlaceholdersOf<Rest> : never;

type PlaceholdersOfKey<Key extends MessageKey> = PlaceholdersOf<Joined<(typeof fr)[Key]>>;

type UnionToIntersection<Union> = (Union extends unknown ? (value: Union) => void : never) extends (
  value: infer Intersection,
) => void
  ? Intersection
  : never;

/** A string that contains every one of the placeholders. */
type WithPlaceholders<Names extends string> = [Names] extends [never]
  ? string
  : UnionToIntersection<Names extends string ? `${string}{${Names}}${string}` : never>;

export type Catalogue = { readonly [Key in MessageKey]: Message };

/** The keys whose English text lost a placeholder of the French one. */
type KeysMissingPlaceholders = {
  [Key in MessageKey]: Joined<(typeof en)[Key]> extends WithPlaceholders<PlaceholdersOfKey<Key>>
    ? never
    : Key;
}[MessageKey];

type NoKeys<Keys extends never> = Keys;
/** Fails to compile, naming the key, when a translation drops an amount or a name. */
export type EnglishPlaceholderCheck = NoKeys<KeysMissingPlaceholders>;

export type MessageParams<Key extends MessageKey> = Record<PlaceholdersOfKey<Key>, string | number>;

export type Translate = <Key extends MessageKey>(
  key: Key,
  ...params: [PlaceholdersOfKey<Key>] extends [never] ? [] : [MessageParams<Key>]
) => string;

const catalogues: Record<Language, Catalogue> = { fr, en };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

export function createTranslator(language: Language): Translate {
  const catalogue = catalogues[language];
  return (key, ...params) => {
    const entry: Message = catalogue[key];
    const message = typeof entry === 'string' ? entry : entry.join('');
    const values = params[0] as Record<string, string | number> | undefined;
    if (!values) return message;
    return message.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
  };
}

/** Picks the singular or plural form of a counted message by the language's own rules. */
export function pluralKey<One extends MessageKey, Other extends MessageKey>(
  language: Language,
  count: number,
  forms: { one: One; other: Other },
): One | Other {
  const category = new Intl.PluralRules(language).select(count);
  return category === 'one' ? forms.one : forms.other;
}
