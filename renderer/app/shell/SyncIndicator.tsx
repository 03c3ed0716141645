// Always in the header: whether the server answers, how many sales wait to be sent and since
// when. A till that looks fine while sales pile up unsent is the failure peers' users report
// most, so the count shows online as well as offline.
import { pluralKey } from '../../i18n/i18n.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useNow } from '../hooks/use-now.ts';
import { useSyncStatus } from '../hooks/use-sync-status.ts';
import { formatAge } from './age.ts';

const ageRefreshMs = 15_000;

export function SyncIndicator() {
  const { t, language } = useI18n();
  const status = useSyncStatus();
  const now = useNow(ageRefreshMs);
  const { pendingCount, oldestPendingAt } = status;
  const pendingKey = pluralKey(language, pendingCount, {
    one: 'sync.pending.one',
    other: 'sync.pending.other',
  });
  const hasFailed = status.failed.length > 0;
  const tone = hasFailed ? 'failed' : status.isOnline ? 'online' : 'offline';

  return (
    <div
      className={`sync sync--${tone}`}
      data-testid="sync-indicator"
      data-online={String(status.isOnline)}
      role="status"
      aria-live="polite"
    >
      <span className="sync__dot" aria-hidden="true" />
      <span className="sync__state">{status.isOnline ? t('sync.online') : t('sync.offline')}</span>
      <span className="sync__pending" data-testid="sync-pending-count" data-count={pendingCount}>
        {pendingCount === 0 ? t('sync.allSent') : t(pendingKey, { count: pendingCount })}
      </span>
      {oldestPendingAt !== null && pendingCount > 0 && (
        <span className="sync__age" data-testid="sync-oldest-age">
          {t('sync.oldest', { age: formatAge(t, now - Date.parse(oldestPendingAt)) })}
        </span>
      )}
    </div>
  );
}
