// A Z report's figures on screen, each with its amount, as a manager checks them at close; the
// report screen shows the printed document beside them.
import type { ZReport } from '../../../shared/protocol.ts';
import { pluralKey } from '../../i18n/i18n.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useMoney } from '../hooks/use-store-settings.ts';

function Count(props: { name: string; label: string; count: number }) {
  return (
    <div
      className="figures__row"
      data-testid="z-figure"
      data-figure={props.name}
      data-count={props.count}
    >
      <dt>{props.label}</dt>
      <dd>{props.count}</dd>
    </div>
  );
}

function Figure(props: { name: string; label: string; minor: number; isStrong?: boolean }) {
  const { format } = useMoney();
  return (
    <div
      className={`figures__row${props.isStrong ? ' figures__row--strong' : ''}`}
      data-testid="z-figure"
      data-figure={props.name}
      data-minor={props.minor}
    >
      <dt>{props.label}</dt>
      <dd>{format(props.minor)}</dd>
    </div>
  );
}

export function ZReportFigures(props: { report: ZReport }) {
  const { t, language } = useI18n();
  const { format } = useMoney();
  const { report } = props;
  const { figures } = report;
  const unsyncedKey = pluralKey(language, report.unsyncedOrderCount, {
    one: 'zReport.text.unsynced.one',
    other: 'zReport.text.unsynced.other',
  });
  return (
    <div className="z-report__figures">
      <dl className="figures">
        <Count name="orderCount" label={t('zReport.text.orderCount')} count={figures.orderCount} />
        <Count
          name="refundCount"
          label={t('zReport.text.refundCount')}
          count={figures.refundCount}
        />
        {figures.byMethod.map((total) => (
          <div
            key={total.methodId}
            className="figures__row"
            data-testid="z-method"
            data-method-id={total.methodId}
            data-method-kind={total.kind}
            data-minor={total.amountMinor}
          >
            <dt>{total.name}</dt>
            <dd>{format(total.amountMinor)}</dd>
          </div>
        ))}
        <Figure name="netSales" label={t('zReport.text.netSales')} minor={figures.netSalesMinor} />
        <Figure
          name="walletSpends"
          label={t('zReport.text.walletSpends')}
          minor={figures.walletSpendsMinor}
        />
        <Figure
          name="walletTopUps"
          label={t('zReport.text.walletTopUps')}
          minor={figures.walletTopUpsMinor}
        />
        <Figure
          name="changeToWallet"
          label={t('zReport.text.changeToWallet')}
          minor={figures.changeToWalletMinor}
        />
        <Figure name="refunds" label={t('zReport.text.refunds')} minor={figures.refundsMinor} />
        <Figure
          name="refundsToWallet"
          label={t('zReport.text.refundsToWallet')}
          minor={figures.refundsToWalletMinor}
        />
        <Figure name="float" label={t('zReport.text.float')} minor={report.floatMinor} />
        <Figure name="netCash" label={t('zReport.text.netCash')} minor={figures.netCashMinor} />
        <Figure
          name="cashExpected"
          label={t('zReport.text.cashExpected')}
          minor={report.cashExpectedMinor}
          isStrong
        />
        <Figure
          name="cashCounted"
          label={t('zReport.text.cashCounted')}
          minor={report.cashCountedMinor}
          isStrong
        />
        <Figure
          name="cashDifference"
          label={t('zReport.text.cashDifference')}
          minor={report.cashDifferenceMinor}
          isStrong
        />
      </dl>
      {report.unsyncedOrderCount > 0 && (
        <p
          className="note note--offline"
          data-testid="z-unsynced"
          data-count={report.unsyncedOrderCount}
        >
          {t(unsyncedKey, { count: report.unsyncedOrderCount })}
          {report.approvedBy &&
            ` · ${t('session.report.approvedBy', { name: report.approvedBy.name })}`}
        </p>
      )}
    </div>
  );
}
