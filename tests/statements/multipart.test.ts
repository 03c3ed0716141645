// The upload form's multipart reader: a well-formed body gives its fields and its file, anything
// malformed is refused as a whole rather than read in part.
import { describe, expect, it } from 'vitest';
import { parseMultipart } from '../../server/statements/multipart.ts';

const type = 'multipart/form-data; boundary=----caisse42';

function body(...parts: string[]): Buffer {
  return Buffer.from(`${parts.join('\r\n')}\r\n`);
}

describe('the multipart reader', () => {
  it('reads the fields and the file, the file byte for byte', () => {
    const form = parseMultipart(
      body(
        '------caisse42',
        'Content-Disposition: form-data; name="_csrf"',
        '',
        'token123',
        '------caisse42',
        'Content-Disposition: form-data; name="statement"; filename="avril.csv"',
        'Content-Type: text/csv',
        '',
        'date;amount\r\n01/04/2026;5,00',
        '------caisse42--',
      ),
      type,
    );
    expect(form?.fields).toEqual({ _csrf: 'token123' });
    expect(form?.file?.fileName).toBe('avril.csv');
    expect(form?.file?.data.toString()).toBe('date;amount\r\n01/04/2026;5,00');
  });

  it.each([
    ['no boundary in the content type', 'multipart/form-data', body('--x', '--x--')],
    ['a body without the boundary', type, body('hello')],
    [
      'a part that never ends',
      type,
      Buffer.from('------caisse42\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'),
    ],
    ['a part without headers', type, body('------caisse42', 'value', '------caisse42--')],
    [
      'a part that is not form data',
      type,
      body(
        '------caisse42',
        'Content-Disposition: attachment; name="a"',
        '',
        'x',
        '------caisse42--',
      ),
    ],
    [
      'two files',
      type,
      body(
        '------caisse42',
        'Content-Disposition: form-data; name="a"; filename="1.csv"',
        '',
        'x',
        '------caisse42',
        'Content-Disposition: form-data; name="b"; filename="2.csv"',
        '',
        'y',
        '------caisse42--',
      ),
    ],
  ])('refuses %s', (_name, contentType, content) => {
    expect(parseMultipart(content, contentType)).toBeNull();
  });
});
