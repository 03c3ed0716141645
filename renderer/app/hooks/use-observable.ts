// Subscribes a component to an observable (the sync status, a Dexie live query) for as long as
// it is mounted, keeping the latest value in state.
import { useEffect, useState } from 'react';

interface Subscribable<T> {
  subscribe(observer: { next: (value: T) => void; error?: (error: unknown) => void }): {
    unsubscribe: () => void;
  };
}

export function useObservable<T>(observable: Subscribable<T>, initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    const subscription = observable.subscribe({ next: setValue });
    return () => subscription.unsubscribe();
  }, [observable]);
  return value;
}
