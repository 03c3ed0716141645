// Finding a customer among up to 100 000 cached ones by any word of the name, the e-mail or the
// card's barcode (all three are search words of the cached record). Each result carries the
// balance the cashier must see: the cached server balance plus this till's pending movements.
import { shownBalanceMinor, type CachedCustomer, type TillDatabase } from '../../store/database.ts';
import { findCustomerByCardBarcode, searchCustomers } from '../../store/search.ts';

export const customerResultsMax = 30;

export interface CustomerResult {
  customer: CachedCustomer;
  balanceMinor: number;
}

export async function findCustomers(db: TillDatabase, text: string): Promise<CustomerResult[]> {
  const customers = await searchCustomers(db, text, { limit: customerResultsMax });
  return Promise.all(
    customers.map(async (customer) => ({
      customer,
      balanceMinor: await shownBalanceMinor(db, customer),
    })),
  );
}

export async function findActiveCustomerByCard(db: TillDatabase, barcode: string) {
  const customer = await findCustomerByCardBarcode(db, barcode);
  return customer?.isActive ? customer : null;
}
