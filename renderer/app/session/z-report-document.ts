// Builds the printable Z report of a closed session with buildZReport, the same document for the
// screen and the printer, from the report the session keeps: it prints again after a restart or
// offline, long after the close.
import type { StoreSettings } from '../../../shared/domain.ts';
import type { ZReport } from '../../../shared/protocol.ts';
import type { ReceiptDocument } from '../../../shared/receipt.ts';
import { buildZReport, type ZReportTexts } from '../../../shared/z-report.ts';
import { pluralKey, type Language, type Translate } from '../../i18n/i18n.ts';

export function zReportTexts(t: Translate, language: Language): ZReportTexts {
  return {
    title: t('zReport.text.title'),
    till: t('zReport.text.till'),
    openedAt: t('zReport.text.openedAt'),
    openedBy: t('zReport.text.openedBy'),
    closedAt: t('zReport.text.closedAt'),
    closedBy: t('zReport.text.closedBy'),
    approvedBy: t('zReport.text.approvedBy'),
    orderCount: t('zReport.text.orderCount'),
    refundCount: t('zReport.text.refundCount'),
    netSales: t('zReport.text.netSales'),
    byMethod: t('zReport.text.byMethod'),
    wallets: t('zReport.text.wallets'),
    walletSpends: t('zReport.text.walletSpends'),
    walletTopUps: t('zReport.text.walletTopUps'),
    changeToWallet: t('zReport.text.changeToWallet'),
    refunds: t('zReport.text.refunds'),
    refundsToWallet: t('zReport.text.refundsToWallet'),
    float: t('zReport.text.float'),
    netCash: t('zReport.text.netCash'),
    cashExpected: t('zReport.text.cashExpected'),
    cashCounted: t('zReport.text.cashCounted'),
    cashDifference: t('zReport.text.cashDifference'),
    unsynced: (count) =>
      t(
        pluralKey(language, count, {
          one: 'zReport.text.unsynced.one',
          other: 'zReport.text.unsynced.other',
        }),
        { count },
      ),
  };
}

export function zReportDocument(
  report: ZReport,
  options: { t: Translate; language: Language; settings: StoreSettings; tillName: string },
): ReceiptDocument {
  const header = options.settings.receiptHeader.trim();
  return buildZReport(report, {
    storeName: options.settings.storeName,
    headerLines: header === '' ? [] : header.split('\n'),
    tillName: options.tillName,
    locale: options.settings.locale,
    currency: report.figures.currency,
    texts: zReportTexts(options.t, options.language),
  });
}
