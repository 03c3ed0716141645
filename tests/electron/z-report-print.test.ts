// A Z report as the printer gets it, decoded back from the bytes, on both paper widths: every
// figure of the session on its own line with the amount the production formatter writes, the
// cash difference signed, the manager who let the session close with orders unsent and how many,
// accents and the euro sign intact, nothing wider than the paper, and no drawer kick.
import { describe, expect, it } from 'vitest';
import { encodeReceipt } from '../../electron/printer/escpos.ts';
import { toPrintable } from '../../electron/printer/receipt-layout.ts';
import { newId } from '../../shared/ids.ts';
import { money } from '../../shared/money.ts';
import { formatMoney } from '../../shared/money-format.ts';
import type { ZReport } from '../../shared/protocol.ts';
import { buildZReport, type ZReportContext } from '../../shared/z-report.ts';
import { createTranslator, type Language } from '../../renderer/i18n/i18n.ts';
import { zReportTexts } from '../../renderer/app/session/z-report-document.ts';
import { decodeEscPos } from '../support/escpos-decoder.ts';

function report(overrides: Partial<ZReport> = {}): ZReport {
  return {
    sessionId: newId(),
    openedAt: '2026-12-03T07:58:00.000Z',
    openedBy: { id: newId(), name: 'Camille Léger' },
    closedAt: '2026-12-03T18:04:00.000Z',
    closedBy: { id: newId(), name: 'Camille Léger' },
    approvedBy: null,
    floatMinor: 15_000,
    figures: {
      currency: 'EUR',
      orderCount: 5,
      refundCount: 2,
      netSalesMinor: 11_765,
      byMethod: [
        { methodId: newId(), name: 'Espèces', kind: 'cash', amountMinor: 10_810 },
        { methodId: newId(), name: 'Carte bancaire sans contact', kind: 'card', amountMinor: 0 },
        { methodId: newId(), name: 'Portefeuille client', kind: 'wallet', amountMinor: 1_250 },
      ],
      walletSpendsMinor: 1_655,
      walletTopUpsMinor: 5_000,
      changeToWalletMinor: 295,
      refundsMinor: 1_655,
      refundsToWalletMinor: 405,
      netCashMinor: 10_810,
    },
    cashExpectedMinor: 25_810,
    cashCountedMinor: 25_760,
    cashDifferenceMinor: -50,
    unsyncedOrderCount: 0,
    ...overrides,
  };
}

function context(language: Language): ZReportContext {
  return {
    storeName: 'Coopérative Le Panier Partagé',
    headerLines: ['Rue de l’Été 12, 1060 Saint-Gilles'],
    tillName: 'Caisse 1',
    locale: 'fr-BE',
    currency: 'EUR',
    texts: zReportTexts(createTranslator(language), language),
    timeZone: 'Europe/Brussels',
  };
}

const amount = (minor: number) => toPrintable(formatMoney(money(minor, 'EUR'), 'fr-BE'));

function lineStartingWith(lines: readonly string[], label: string): string {
  const found = lines.filter((line) => line.startsWith(toPrintable(label)));
  expect(found, `one line for ${label}`).toHaveLength(1);
  return found[0]!;
}

describe.each([32, 48] as const)('a Z report on %i columns', (columns) => {
  it('prints every figure of the session with its amount', () => {
    const t = createTranslator('fr');
    const zReport = report();
    const document = buildZReport(zReport, context('fr'));
    const decoded = decodeEscPos(encodeReceipt(document, { columns, drawerPin: 2, isCut: true }));
    const { lines } = decoded;

    expect(lines.some((line) => line.includes(t('zReport.text.title')))).toBe(true);
    const rows: [string, number][] = [
      [t('zReport.text.netSales'), 11_765],
      ['  Espèces', 10_810],
      ['  Portefeuille client', 1_250],
      [`  ${t('zReport.text.walletSpends')}`, 1_655],
      [`  ${t('zReport.text.walletTopUps')}`, 5_000],
      [`  ${t('zReport.text.changeToWallet')}`, 295],
      [t('zReport.text.refunds'), 1_655],
      [`  ${t('zReport.text.refundsToWallet')}`, 405],
      [t('zReport.text.float'), 15_000],
      [t('zReport.text.netCash'), 10_810],
      [t('zReport.text.cashExpected'), 25_810],
      [t('zReport.text.cashCounted'), 25_760],
    ];
    for (const [label, minor] of rows) {
      expect(lineStartingWith(lines, label).endsWith(amount(minor)), label).toBe(true);
    }
    expect(lineStartingWith(lines, t('zReport.text.cashDifference')).endsWith('-0,50 €')).toBe(
      true,
    );
    // A long method name wraps rather than being cut, and its amount still prints.
    expect(lines.join('\n')).toContain('Carte bancaire');
    expect(lines.join('\n')).not.toContain(t('zReport.text.approvedBy'));

    expect(lines.join('\n')).toContain('Coopérative');
    expect(lines.join('\n')).not.toContain('?');
    expect(decoded.undecodable).toBe(0);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(columns);
    expect(decoded.events.filter((event) => event.kind === 'drawer')).toEqual([]);
    expect(decoded.events.filter((event) => event.kind === 'cut')).toHaveLength(1);
  });

  it.each(['fr', 'en'] as const)(
    'says in %s who approved a close with unsent orders, and how many',
    (language) => {
      const t = createTranslator(language);
      const zReport = report({
        approvedBy: { id: newId(), name: 'Mona Bernard' },
        unsyncedOrderCount: 3,
        cashDifferenceMinor: 125,
      });
      const document = buildZReport(zReport, context(language));
      const decoded = decodeEscPos(encodeReceipt(document, { columns, drawerPin: 2, isCut: true }));
      const text = decoded.lines.join(' ').replace(/ +/g, ' ');

      expect(lineStartingWith(decoded.lines, t('zReport.text.approvedBy'))).toContain('Mona');
      expect(text).toContain(toPrintable(t('zReport.text.unsynced.other', { count: 3 })));
      expect(
        lineStartingWith(decoded.lines, t('zReport.text.cashDifference')).endsWith('+1,25 €'),
      ).toBe(true);
      for (const line of decoded.lines) expect(line.length).toBeLessThanOrEqual(columns);
    },
  );
});
