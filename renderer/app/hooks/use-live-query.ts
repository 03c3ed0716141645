// A Dexie live query as React state: the query runs again whenever a table it read changes, so
// a balance, a sync state or an order list on screen follows the local store without polling.
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import { rendererLogger } from '../log.ts';

const logger = rendererLogger.child('live-query');

export function useLiveQuery<T>(
  query: () => Promise<T>,
  dependencies: readonly unknown[],
  initial: T,
): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: setValue,
      error: (error: unknown) => logger.error('live query failed', { error }),
    });
    return () => subscription.unsubscribe();
    // The caller names the dependencies of its query, as with useEffect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, dependencies);
  return value;
}
