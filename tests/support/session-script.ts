// A scripted till session on the test store: sales in cash, by card and from the wallet, a
// top-up, change put on a wallet, a payment split between wallet and cash, a partial refund to
// the wallet and whole refunds to cash and to the card. Its figures are worked out by hand
// below, line by line, so a test can hold the ledger's figures to them to the cent.
import type { Order } from '../../shared/domain.ts';
import { newId } from '../../shared/ids.ts';
import type { SessionFigures, ZReport } from '../../shared/protocol.ts';
import { line, makeOrder, pay, type SeededStore } from './store.ts';

export interface ScriptedSession {
  sessionId: string;
  orders: Order[];
  expected: SessionFigures;
}

export function scriptSession(store: SeededStore, sessionId = newId()): ScriptedSession {
  const inSession = { sessionId, cashierName: 'Claire' };
  const alice = store.alice.id;
  // 2 breads (8,10) paid with a 10,00 note: 1,90 handed back.
  const cashSale = makeOrder({
    ...inSession,
    lines: [line(store.bread, 2000)],
    payments: [pay(store.cash, 1000)],
    changeGivenMinor: 190,
  });
  // A soap (12,50) by card.
  const cardSale = makeOrder({
    ...inSession,
    lines: [line(store.soap, 1000)],
    payments: [pay(store.card, 1250)],
  });
  // 2 soaps (25,00) from Alice's wallet.
  const walletSale = makeOrder({
    ...inSession,
    customerId: alice,
    lines: [line(store.soap, 2000)],
    payments: [pay(store.wallet, 2500)],
  });
  // A top-up of 20,00 and a bread (4,05), 24,05 by card.
  const topUp = makeOrder({
    ...inSession,
    customerId: alice,
    lines: [line(store.topUp, 20_000), line(store.bread, 1000)],
    payments: [pay(store.card, 2405)],
  });
  // 3 breads (12,15) paid with 20,00: 0,85 handed back and 7,00 put on the wallet.
  const changeToWallet = makeOrder({
    ...inSession,
    customerId: alice,
    lines: [line(store.bread, 3000)],
    payments: [pay(store.cash, 2000)],
    changeGivenMinor: 85,
    changeToWalletMinor: 700,
  });
  // 1,5 kg of bread (6,075, rounded to 6,08): 3,00 from the wallet, a 5,00 note, 1,92 back.
  const splitSale = makeOrder({
    ...inSession,
    customerId: alice,
    lines: [line(store.bread, 1500)],
    payments: [pay(store.wallet, 300), pay(store.cash, 500)],
    changeGivenMinor: 192,
  });
  // One of the two wallet soaps comes back onto the wallet: 12,50.
  const partialToWallet = makeOrder({
    ...inSession,
    customerId: alice,
    lines: [line(store.soap, -1000)],
    payments: [pay(store.wallet, -1250)],
    refundOfOrderId: walletSale.id,
  });
  // The two breads of the cash sale come back in cash: 8,10.
  const wholeToCash = makeOrder({
    ...inSession,
    lines: [line(store.bread, -2000)],
    payments: [pay(store.cash, -810)],
    refundOfOrderId: cashSale.id,
  });
  // The card soap comes back onto the card: 12,50.
  const wholeToCard = makeOrder({
    ...inSession,
    lines: [line(store.soap, -1000)],
    payments: [pay(store.card, -1250)],
    refundOfOrderId: cardSale.id,
  });

  const orders = [
    cashSale,
    cardSale,
    walletSale,
    topUp,
    changeToWallet,
    splitSale,
    partialToWallet,
    wholeToCash,
    wholeToCard,
  ];
  const expected: SessionFigures = {
    currency: 'EUR',
    orderCount: 6,
    refundCount: 3,
    // 810 + 1250 + 2500 + 2405 + 1215 + 608 = 8788 sold; 1250 + 810 + 1250 = 3310 refunded.
    netSalesMinor: 5478,
    byMethod: [
      // 1000 − 190 + 2000 − 85 + 500 − 192 − 810
      { methodId: store.cash.id, name: 'Espèces', kind: 'cash', amountMinor: 2223 },
      // 1250 + 2405 − 1250
      { methodId: store.card.id, name: 'Carte', kind: 'card', amountMinor: 2405 },
      // 2500 + 300 − 1250
      { methodId: store.wallet.id, name: 'Portefeuille client', kind: 'wallet', amountMinor: 1550 },
    ],
    walletSpendsMinor: 2800,
    walletTopUpsMinor: 2000,
    changeToWalletMinor: 700,
    refundsMinor: 3310,
    refundsToWalletMinor: 1250,
    // 1000 + 2000 + 500 tendered − 467 handed back − 810 refunded
    netCashMinor: 2223,
  };
  return { sessionId, orders, expected };
}

/** The Z report a till would send for these figures, with a float and a cash count. */
export function zReportFor(
  sessionId: string,
  figures: SessionFigures,
  options: { floatMinor?: number; cashCountedMinor?: number; unsyncedOrderCount?: number } = {},
): ZReport {
  const floatMinor = options.floatMinor ?? 10_000;
  const cashExpectedMinor = floatMinor + figures.netCashMinor;
  const cashCountedMinor = options.cashCountedMinor ?? cashExpectedMinor;
  const claire = { id: '7f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Claire' };
  return {
    sessionId,
    openedAt: '2026-03-02T07:58:00.000Z',
    openedBy: claire,
    closedAt: '2026-03-02T18:03:00.000Z',
    closedBy: claire,
    approvedBy: null,
    floatMinor,
    figures,
    cashExpectedMinor,
    cashCountedMinor,
    cashDifferenceMinor: cashCountedMinor - cashExpectedMinor,
    unsyncedOrderCount: options.unsyncedOrderCount ?? 0,
  };
}
