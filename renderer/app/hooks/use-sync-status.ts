// The sync engine's status for the indicator, with a neutral value until the engine speaks.
import type { SyncStatus } from '../../sync/types.ts';
import { useTill } from '../till-context.tsx';
import { useObservable } from './use-observable.ts';

const initialStatus: SyncStatus = {
  isOnline: false,
  pendingCount: 0,
  oldestPendingAt: null,
  failed: [],
  firstSync: null,
  lastSuccessAt: null,
};

export function useSyncStatus(): SyncStatus {
  return useObservable(useTill().engine.status$, initialStatus);
}
