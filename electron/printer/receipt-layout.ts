// Lays a receipt document out in fixed columns: 48 on 80 mm paper, 32 on 58 mm. Every line is
// made to fit (wrapped, never cut off) and every character is one the printer's code page has:
// the narrow no-break spaces Intl puts in French amounts become plain spaces, and a character
// the page lacks becomes its unaccented letter, so nothing prints as "?".
import type { ReceiptDocument, ReceiptLine } from '../../shared/receipt.ts';
import { isPrintableOnCp858 } from './cp858.ts';

export type PaperColumns = 32 | 48;

export type PrintableLine =
  | {
      kind: 'text';
      text: string;
      align: 'left' | 'center' | 'right';
      isBold: boolean;
      isLarge: boolean;
    }
  | { kind: 'qr'; data: string };

const replacements: Record<string, string> = {
  '\u00a0': ' ',
  '\u202f': ' ',
  '\u2009': ' ',
  '\u2212': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2026': '...',
};

export function toPrintable(text: string): string {
  let result = '';
  for (const character of text) {
    const replaced = replacements[character] ?? character;
    if ([...replaced].every(isPrintableOnCp858)) {
      result += replaced;
      continue;
    }
    const base = replaced.normalize('NFD').replace(/\p{Diacritic}/gu, '');
    result += [...base].filter(isPrintableOnCp858).join('');
  }
  return result;
}

/** Breaks text into lines of at most `width` characters, at spaces where it can. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    let rest = word;
    while (rest.length > width) {
      if (current) lines.push(current);
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
      current = '';
    }
    if (current === '') current = rest;
    else if (current.length + 1 + rest.length <= width) current += ` ${rest}`;
    else {
      lines.push(current);
      current = rest;
    }
  }
  lines.push(current);
  return lines;
}

function pad(text: string, width: number, align: 'left' | 'center' | 'right'): string {
  const room = width - text.length;
  if (room <= 0 || align === 'left') return text;
  if (align === 'right') return ' '.repeat(room) + text;
  return ' '.repeat(Math.floor(room / 2)) + text;
}

function layPair(left: string, right: string, width: number): string[] {
  if (left.length + 1 + right.length <= width) {
    return [left + ' '.repeat(width - left.length - right.length) + right];
  }
  const leftLines = wrap(left, width);
  const last = leftLines.at(-1) ?? '';
  if (last.length + 1 + right.length <= width) {
    leftLines[leftLines.length - 1] = last + ' '.repeat(width - last.length - right.length) + right;
    return leftLines;
  }
  return [...leftLines, ...wrap(right, width).map((line) => pad(line, width, 'right'))];
}

function layLine(line: ReceiptLine, columns: PaperColumns): PrintableLine[] {
  const text = (value: string, isBold = false, align: 'left' | 'center' | 'right' = 'left') =>
    ({ kind: 'text', text: value, align, isBold, isLarge: false }) as const;
  switch (line.kind) {
    case 'rule':
      return [text('-'.repeat(columns))];
    case 'qr':
      return [{ kind: 'qr', data: line.data }];
    case 'pair':
      return layPair(toPrintable(line.left), toPrintable(line.right), columns).map((value) =>
        text(value, line.isBold),
      );
    case 'text': {
      // Double-width text takes two columns a character.
      const width = line.isLarge ? columns / 2 : columns;
      return wrap(toPrintable(line.text), width).map((value) => ({
        kind: 'text',
        text: pad(value, width, line.align),
        align: 'left',
        isBold: line.isBold,
        isLarge: line.isLarge,
      }));
    }
  }
}

export function layOutReceipt(document: ReceiptDocument, columns: PaperColumns): PrintableLine[] {
  return document.lines.flatMap((line) => layLine(line, columns));
}
