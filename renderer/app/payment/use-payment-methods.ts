// The store's active payment methods in the manager's order, less those this till does not
// offer (its device settings: a till without a card terminal leaves the card out).
import { useMemo } from 'react';
import type { PaymentMethod } from '../../../shared/domain.ts';
import { useLiveQuery } from '../hooks/use-live-query.ts';
import { useDeviceSettings } from '../settings/device-settings-context.tsx';
import { useTill } from '../till-context.tsx';

export function usePaymentMethods(): PaymentMethod[] {
  const { db } = useTill();
  const { disabledMethodIds } = useDeviceSettings().settings;
  const methods = useLiveQuery(
    async () => {
      const stored = await db.paymentMethods.orderBy('sortOrder').toArray();
      return stored.filter((method) => method.isActive);
    },
    [db],
    [],
  );
  return useMemo(
    () => methods.filter((method) => !disabledMethodIds.includes(method.id)),
    [methods, disabledMethodIds],
  );
}
