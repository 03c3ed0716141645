// The store's active payment methods in the manager's order.
import type { PaymentMethod } from '../../../shared/domain.ts';
import { useLiveQuery } from '../hooks/use-live-query.ts';
import { useTill } from '../till-context.tsx';

export function usePaymentMethods(): PaymentMethod[] {
  const { db } = useTill();
  return useLiveQuery(
    async () => {
      const methods = await db.paymentMethods.orderBy('sortOrder').toArray();
      return methods.filter((method) => method.isActive);
    },
    [db],
    [],
  );
}
