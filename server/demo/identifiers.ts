// Check digits for the identifiers a Belgian shop meets: EAN-13 barcodes on articles and member
// cards, Belgian IBANs, and the structured communication (+++123/4567/89002+++) that a customer
// puts on a bank transfer so it can be matched to their wallet. The demo makes all of them valid,
// so scanners, bank-statement matching and exports can be tried on it without special cases.

function digitsOnly(text: string, length: number, what: string): void {
  if (!new RegExp(`^\\d{${length}}$`).test(text)) {
    throw new Error(`${what} needs exactly ${length} digits, got "${text}"`);
  }
}

/** The EAN-13 check digit of 12 digits: weights 1 and 3 alternate from the left. */
export function ean13CheckDigit(first12: string): number {
  digitsOnly(first12, 12, 'An EAN-13 body');
  let sum = 0;
  for (const [index, character] of [...first12].entries()) {
    sum += Number(character) * (index % 2 === 0 ? 1 : 3);
  }
  return (10 - (sum % 10)) % 10;
}

export function ean13(first12: string): string {
  return `${first12}${ean13CheckDigit(first12)}`;
}

/** Belgian national check: the 10 digits modulo 97, where a remainder of 0 is written 97. */
function belgianCheck(first10: string): string {
  digitsOnly(first10, 10, 'A Belgian check body');
  const remainder = Number(BigInt(first10) % 97n);
  return String(remainder === 0 ? 97 : remainder).padStart(2, '0');
}

/** A Belgian IBAN from a 3-digit bank code and a 7-digit account number. */
export function belgianIban(bankCode: string, accountNumber: string): string {
  const first10 = `${bankCode}${accountNumber}`;
  const basicAccount = `${first10}${belgianCheck(first10)}`;
  // ISO 13616: the country code and "00" move to the end, letters become 10-35 (B=11, E=14),
  // and the check digits make the whole number 1 modulo 97.
  const rearranged = BigInt(`${basicAccount}111400`);
  const check = String(98n - (rearranged % 97n)).padStart(2, '0');
  return `BE${check}${basicAccount}`;
}

/** The Belgian structured communication ("OGM/VCS") for a 10-digit reference. */
export function structuredCommunication(reference: string): string {
  const digits = `${reference}${belgianCheck(reference)}`;
  return `+++${digits.slice(0, 3)}/${digits.slice(3, 7)}/${digits.slice(7)}+++`;
}
