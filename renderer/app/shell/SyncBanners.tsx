// Banners under the header: the first download of the catalogue with its progress (the till
// stays usable meanwhile), and every sale the server refused, with the reason and a retry.
// Refused sales stay on screen until they are dealt with: a lost sale is the worst outcome. A
// manager may set one aside: it leaves this list and stays in the history, marked so.
import { useState } from 'react';
import { pluralKey } from '../../i18n/i18n.ts';
import { useI18n } from '../../i18n/context.tsx';
import { pushFailureMessage } from '../../i18n/reasons.ts';
import type { FailedItem, FirstSyncProgress } from '../../sync/types.ts';
import { useSyncStatus } from '../hooks/use-sync-status.ts';
import { rendererLogger } from '../log.ts';
import { useStaff } from '../staff/staff-context.tsx';
import { useTill } from '../till-context.tsx';

const logger = rendererLogger.child('sync-banner');

function FirstSyncBanner(props: { progress: FirstSyncProgress }) {
  const { t } = useI18n();
  const { loaded, total } = props.progress;
  const percent = total > 0 ? Math.min(100, Math.round((loaded / total) * 100)) : 0;
  return (
    <section className="banner banner--info" data-testid="first-sync-progress">
      <div className="banner__text">
        <strong>{t('firstSync.title')}</strong>
        <span>{t('firstSync.progress', { loaded, total })}</span>
        <span className="banner__hint">{t('firstSync.hint')}</span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label={t('firstSync.title')}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={loaded}
      >
        <div className="progress__bar" style={{ width: `${percent}%` }} />
      </div>
    </section>
  );
}

function FailedItemRow(props: { item: FailedItem }) {
  const { t } = useI18n();
  const { engine } = useTill();
  const staff = useStaff();
  const [isBusy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const { orderId } = props.item;
  const retry = () => {
    setBusy(true);
    engine
      .retryFailed(orderId)
      .catch((error: unknown) => logger.error('retry failed', { error }))
      .finally(() => setBusy(false));
  };
  const setAside = async () => {
    setProblem(null);
    const approval = await staff.requireManager('clear_failed');
    if (!approval) return;
    setBusy(true);
    try {
      await engine.setAsideFailed(orderId, approval.manager);
    } catch (error) {
      logger.error('set aside failed', { error });
      setProblem(t('sync.setAside.failed'));
    } finally {
      setBusy(false);
    }
  };
  const reason = pushFailureMessage(t, props.item.reason);
  return (
    <li className="failed-item" data-testid="sync-failed-item" data-order-id={orderId}>
      <span>{t('sync.failed.item', { sequence: props.item.sequence, reason })}</span>
      <button
        type="button"
        className="button button--small"
        data-testid="retry-button"
        disabled={isBusy}
        onClick={retry}
      >
        {t('sync.retry')}
      </button>
      <button
        type="button"
        className="button button--small"
        data-testid="set-aside-button"
        disabled={isBusy}
        onClick={() => void setAside()}
      >
        {t('sync.setAside')}
      </button>
      {problem && (
        <span role="alert" data-testid="set-aside-problem">
          {problem}
        </span>
      )}
    </li>
  );
}

export function SyncBanners() {
  const { t, language } = useI18n();
  const status = useSyncStatus();
  const failedCount = status.failed.length;
  const failedKey = pluralKey(language, failedCount, {
    one: 'sync.failed.one',
    other: 'sync.failed.other',
  });
  return (
    <>
      {status.firstSync && <FirstSyncBanner progress={status.firstSync} />}
      {failedCount > 0 && (
        <section className="banner banner--danger" role="alert">
          <strong>{t(failedKey, { count: failedCount })}</strong>
          <ul className="failed-list">
            {status.failed.map((item) => (
              <FailedItemRow key={item.orderId} item={item} />
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
