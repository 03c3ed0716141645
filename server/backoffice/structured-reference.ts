// The two structured references a customer writes on a bank transfer so the statement importer
// can credit the right wallet without reading names: the Belgian structured communication
// (`+++123/4567/89012+++`: ten digits and two mod-97 check digits) and the international ISO
// 11649 creditor reference (`RF` + two mod 97-10 check digits + the reference). Both are made
// from the customer's reference number, a per-customer sequence number stored in the database,
// so they are stable. Everything here is pure, so it can be checked against published examples.

/** The largest number the ten digits of a structured communication hold. */
export const referenceNumberMax = 9_999_999_999;

export interface TransferReferences {
  /** `+++012/3456/78939+++` */
  structuredCommunication: string;
  /** `RF18 0000 0000 01`, grouped by four as printed on an invoice. */
  creditorReference: string;
}

export type ParsedReference =
  | { kind: 'structured_communication'; referenceNumber: number }
  | { kind: 'creditor_reference'; referenceNumber: number };

function assertReferenceNumber(referenceNumber: number): void {
  if (
    !Number.isSafeInteger(referenceNumber) ||
    referenceNumber < 0 ||
    referenceNumber > referenceNumberMax
  ) {
    throw new RangeError(`A reference number has at most ten digits, got ${referenceNumber}`);
  }
}

/** Remainder of a long decimal string by 97, digit by digit: no number ever exceeds 2^53. */
function mod97(digits: string): number {
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder;
}

/** The two check digits of a structured communication: the number mod 97, and 97 for 0. */
export function structuredCommunicationCheck(tenDigits: string): string {
  const remainder = mod97(tenDigits);
  return String(remainder === 0 ? 97 : remainder).padStart(2, '0');
}

export function formatStructuredCommunication(referenceNumber: number): string {
  assertReferenceNumber(referenceNumber);
  const digits = String(referenceNumber).padStart(10, '0');
  const all = digits + structuredCommunicationCheck(digits);
  return `+++${all.slice(0, 3)}/${all.slice(3, 7)}/${all.slice(7)}+++`;
}

/**
 * Letters count as two digits (A = 10 … Z = 35) in ISO 7064 mod 97-10, the scheme of ISO 11649
 * and of IBAN.
 */
function asDigits(text: string): string {
  let digits = '';
  for (const character of text) {
    digits += /[0-9]/.test(character) ? character : String(character.charCodeAt(0) - 55);
  }
  return digits;
}

/** Check digits of an ISO 11649 reference: 98 − (reference + "RF00") mod 97, two digits. */
export function creditorReferenceCheck(reference: string): string {
  if (!/^[0-9A-Z]{1,21}$/.test(reference)) {
    throw new RangeError('An RF reference holds 1 to 21 digits or capital letters');
  }
  return String(98 - mod97(asDigits(`${reference}RF00`))).padStart(2, '0');
}

export function isValidCreditorReference(text: string): boolean {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  if (!/^RF\d{2}[0-9A-Z]{1,21}$/.test(compact)) return false;
  return mod97(asDigits(compact.slice(4) + compact.slice(0, 4))) === 1;
}

export function formatCreditorReference(referenceNumber: number): string {
  assertReferenceNumber(referenceNumber);
  const reference = String(referenceNumber).padStart(10, '0');
  const compact = `RF${creditorReferenceCheck(reference)}${reference}`;
  return compact.replace(/(.{4})(?=.)/g, '$1 ');
}

export function transferReferencesOf(referenceNumber: number): TransferReferences {
  return {
    structuredCommunication: formatStructuredCommunication(referenceNumber),
    creditorReference: formatCreditorReference(referenceNumber),
  };
}

/**
 * Reads a reference as a customer or a bank writes it: a structured communication with `+` or
 * `*` around it or none, spaces, slashes or dots anywhere (`+++ 012 / 3456 / 78939 +++`,
 * `012345678939`), or an RF reference with or without spaces. Returns null when the text is
 * not one of them or its check digits are wrong: a mistyped reference must never credit
 * another customer.
 */
export function parseTransferReference(text: string): ParsedReference | null {
  const trimmed = text.trim();
  if (/^rf/i.test(trimmed)) {
    const compact = trimmed.replace(/\s+/g, '').toUpperCase();
    if (!isValidCreditorReference(compact)) return null;
    const reference = compact.slice(4);
    if (!/^\d{1,10}$/.test(reference)) return null;
    return { kind: 'creditor_reference', referenceNumber: Number(reference) };
  }
  const match = /^(?:\+{3}|\*{3})?([\d\s/.]+?)(?:\+{3}|\*{3})?$/.exec(trimmed);
  if (!match?.[1]) return null;
  const digits = match[1].replace(/[\s/.]/g, '');
  if (!/^\d{12}$/.test(digits)) return null;
  const number = digits.slice(0, 10);
  if (structuredCommunicationCheck(number) !== digits.slice(10)) return null;
  return { kind: 'structured_communication', referenceNumber: Number(number) };
}

const communicationInText = /[+*]{3}\s*\d{3}\s*\/\s*\d{4}\s*\/\s*\d{5}\s*[+*]{3}/g;
const creditorReferenceInText = /\bRF\d{2}[0-9A-Z]*(?: [0-9A-Z]+)*/gi;

// "RF" with 25 characters grouped by four spans at most eight words.
const creditorReferenceWordsMax = 8;

/** The longest run of words from `start` that makes a valid reference, and where it ends. */
function longestReferenceAt(words: readonly string[], start: number) {
  const endMax = Math.min(words.length, start + creditorReferenceWordsMax);
  for (let end = endMax; end > start; end -= 1) {
    const parsed = parseTransferReference(words.slice(start, end).join(''));
    if (parsed) return { parsed, end };
  }
  return null;
}

/**
 * The references in a run of words. "RF18 0123 4567 89 merci" holds "RF18 0123 4567 89": the
 * check digits fail with "merci" appended, so the longest valid run wins.
 */
function creditorReferencesIn(words: readonly string[]): ParsedReference[] {
  const found: ParsedReference[] = [];
  let start = 0;
  while (start < words.length) {
    const isCandidate = /^RF\d{2}/i.test(words[start] ?? '');
    const match = isCandidate ? longestReferenceAt(words, start) : null;
    if (match) found.push(match.parsed);
    start = match ? match.end : start + 1;
  }
  return found;
}

/**
 * Every valid reference found inside free text, such as the unstructured remittance line of a
 * statement ("Recharge +++012/3456/78939+++ merci"), in the order they appear.
 */
export function findTransferReferences(text: string): ParsedReference[] {
  const found: { index: number; parsed: ParsedReference }[] = [];
  for (const match of text.matchAll(communicationInText)) {
    const parsed = parseTransferReference(match[0]);
    if (parsed) found.push({ index: match.index, parsed });
  }
  for (const match of text.matchAll(creditorReferenceInText)) {
    for (const parsed of creditorReferencesIn(match[0].split(' '))) {
      found.push({ index: match.index, parsed });
    }
  }
  return found.sort((a, b) => a.index - b.index).map((item) => item.parsed);
}
