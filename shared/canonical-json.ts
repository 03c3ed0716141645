// A canonical JSON form (object keys sorted, no spaces) so that two encodings of the same content
// compare equal. The server hashes it to tell a retried order (same content) from a conflicting
// one (same id, other content).

export function canonicalJson(value: unknown): string {
  // Like JSON.stringify, a value that knows its JSON form (a Date) is encoded as that form;
  // walking its own properties instead would encode every date as {} and hide a changed date.
  const encoded = hasToJson(value) ? value.toJSON() : value;
  if (encoded === null || typeof encoded !== 'object') return JSON.stringify(encoded) ?? 'null';
  if (Array.isArray(encoded)) return `[${encoded.map((item) => canonicalJson(item)).join(',')}]`;
  // A plain loop over sorted keys: this runs for every order of every push, so it avoids the
  // intermediate arrays of entries/filter/map. The default sort orders keys by UTF-16 code units,
  // as the comparison of two strings does.
  const record = encoded as Record<string, unknown>;
  let text = '{';
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (isOmittedProperty(item)) continue;
    if (text.length > 1) text += ',';
    text += `${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${text}}`;
}

function hasToJson(value: unknown): value is { toJSON: () => unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  );
}

/** The property values JSON.stringify leaves out of an object. */
function isOmittedProperty(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}
