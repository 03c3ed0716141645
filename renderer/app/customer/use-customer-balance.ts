// The chosen customer as the local store knows them now, with the balance to show: the cached
// server balance plus this till's movements the server has not booked yet. It follows every
// refresh, pull and validated sale.
import { shownBalanceMinor, type CachedCustomer } from '../../store/database.ts';
import { useLiveQuery } from '../hooks/use-live-query.ts';
import { useTill } from '../till-context.tsx';

export interface CustomerBalance {
  customer: CachedCustomer;
  balanceMinor: number;
}

export function useCustomerBalance(customerId: string | null): CustomerBalance | null {
  const { db } = useTill();
  const value = useLiveQuery(
    async () => {
      if (customerId === null) return null;
      const customer = await db.customers.get(customerId);
      if (!customer) return null;
      return { customer, balanceMinor: await shownBalanceMinor(db, customer) };
    },
    [db, customerId],
    null,
  );
  // Until the query for a newly chosen customer answers, the previous one's must not show.
  return value?.customer.id === customerId ? value : null;
}
