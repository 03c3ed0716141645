// A receipt as the printer gets it, decoded back from the bytes: one wallet balance line for a
// wallet user, with the amount the production formatter writes; the euro sign and accents
// intact and nothing printed as "?"; every line within the paper's width; the drawer kicked if
// and only if cash was taken; and none of the wallet lines for a customer who is not a wallet
// user.
import { describe, expect, it } from 'vitest';
import { encodeReceipt } from '../../electron/printer/escpos.ts';
import { toPrintable } from '../../electron/printer/receipt-layout.ts';
import type { Order } from '../../shared/domain.ts';
import { newId } from '../../shared/ids.ts';
import { money } from '../../shared/money.ts';
import { formatMoney } from '../../shared/money-format.ts';
import { lineTotalMinor } from '../../shared/order-math.ts';
import { buildReceipt, type ReceiptContext } from '../../shared/receipt.ts';
import { decodeEscPos } from '../support/escpos-decoder.ts';

const texts: ReceiptContext['texts'] = {
  till: 'Caisse',
  cashier: 'Caissier',
  ticket: 'Ticket',
  total: 'Total',
  taxHeading: 'TVA',
  taxRate: (percent) => `${percent} %`,
  net: 'HT',
  tax: 'TVA',
  change: 'Rendu',
  changeToWallet: 'Monnaie sur le portefeuille',
  customer: 'Client',
  walletBalance: 'Solde portefeuille',
  provisional: 'provisoire',
  refund: 'Remboursement',
  topUp: 'recharge',
};

function order(payments: Order['payments'], customerId: string | null): Order {
  const lines: Order['lines'] = [
    {
      productId: newId(),
      name: 'Pâte à tartiner équitable',
      quantityMilli: 2000,
      unitPriceMinor: 1_234,
      taxRateBasisPoints: 600,
      isWalletCredit: false,
      totalMinor: lineTotalMinor(1_234, 2000),
    },
    {
      productId: newId(),
      name: 'Crème fraîche épaisse de la ferme du Bois-Joli, 40 cl',
      quantityMilli: 1000,
      unitPriceMinor: 395,
      taxRateBasisPoints: 600,
      isWalletCredit: false,
      totalMinor: 395,
    },
    {
      productId: newId(),
      name: 'Savon de Marseille',
      quantityMilli: 1250,
      unitPriceMinor: 1_000_000,
      taxRateBasisPoints: 2100,
      isWalletCredit: false,
      totalMinor: lineTotalMinor(1_000_000, 1250),
    },
  ];
  return {
    id: newId(),
    sequence: 42,
    currency: 'EUR',
    createdAt: '2026-12-03T10:15:00.000Z',
    customerId,
    cashierId: null,
    cashierName: 'Françoise',
    sessionId: null,
    lines,
    payments,
    changeGivenMinor: 0,
    changeToWalletMinor: 0,
    isOffline: false,
    walletAuthorizationId: null,
    refundOfOrderId: null,
  };
}

const totalMinor = 2_468 + 395 + 1_250_000;

function context(isWalletUser: boolean, balanceMinor: number | null): ReceiptContext {
  return {
    storeName: 'Coopérative Le Panier Partagé',
    headerLines: ['Rue de l’Été 12, 1060 Saint-Gilles'],
    footerLines: ['Merci et à bientôt !'],
    tillName: 'Caisse 1',
    locale: 'fr-BE',
    currency: 'EUR',
    customer: { name: 'Gérard Lefèvre', isWalletUser },
    walletBalanceAfterMinor: balanceMinor,
    isBalanceProvisional: false,
    paymentMethodNames: {},
    isQrCodeShown: true,
    texts,
    timeZone: 'Europe/Brussels',
  };
}

describe.each([32, 48] as const)('a receipt on %i columns', (columns) => {
  it('shows a wallet user one balance line with the formatted ledger amount', () => {
    const balanceMinor = 1_234_567;
    const walletOrder = order(
      [{ methodId: newId(), kind: 'wallet', amountMinor: totalMinor }],
      newId(),
    );
    const receipt = buildReceipt(walletOrder, context(true, balanceMinor));
    const decoded = decodeEscPos(encodeReceipt(receipt, { columns, drawerPin: 2, isCut: true }));

    const expectedAmount = toPrintable(formatMoney(money(balanceMinor, 'EUR'), 'fr-BE'));
    const balanceLines = decoded.lines.filter((line) => line.includes('Solde portefeuille'));
    expect(balanceLines).toHaveLength(1);
    expect(balanceLines[0]?.endsWith(expectedAmount)).toBe(true);
    expect(expectedAmount).toBe('12 345,67 €');

    expect(decoded.lines.join('\n')).toContain('€');
    expect(decoded.lines.join('\n')).toContain('Coopérative');
    expect(decoded.lines.join('\n')).not.toContain('?');
    expect(decoded.undecodable).toBe(0);
    for (const line of decoded.lines) expect(line.length).toBeLessThanOrEqual(columns);
    expect(decoded.events.filter((event) => event.kind === 'drawer')).toEqual([]);
    expect(decoded.events.filter((event) => event.kind === 'cut')).toHaveLength(1);
    expect(decoded.events).toContainEqual({ kind: 'codePage', page: 19 });
    expect(decoded.events).toContainEqual({ kind: 'qr', data: walletOrder.id });
  });

  it('kicks the drawer for cash and prints no wallet line for a non-wallet user', () => {
    const cashOrder = order(
      [{ methodId: newId(), kind: 'cash', amountMinor: totalMinor }],
      newId(),
    );
    const receipt = buildReceipt(cashOrder, context(false, 5_000));
    const decoded = decodeEscPos(encodeReceipt(receipt, { columns, drawerPin: 5, isCut: true }));

    expect(decoded.lines.some((line) => line.includes('Solde'))).toBe(false);
    expect(decoded.events.filter((event) => event.kind === 'drawer')).toEqual([
      { kind: 'drawer', pin: 5 },
    ]);
    for (const line of decoded.lines) expect(line.length).toBeLessThanOrEqual(columns);
  });
});
