// The selling screens and the moves between them: sale → payment → receipt → new sale, with the
// customer picker over the sale or the payment, and the history a key away from anywhere; all
// of it behind the lock screen until someone signs in. The settings pane opens over the sale
// once a manager approved it, and leaves the sale being rung up as it was.
import { useState } from 'react';
import { CustomerPicker } from './customer/CustomerPicker.tsx';
import { HistoryScreen } from './history/HistoryScreen.tsx';
import { useShortcuts } from './hooks/use-shortcuts.ts';
import { PaymentScreen } from './payment/PaymentScreen.tsx';
import { ReceiptScreen } from './receipt/ReceiptScreen.tsx';
import { SaleProvider, useSale } from './sale/sale-context.tsx';
import { SaleScreen } from './sale/SaleScreen.tsx';
import { Header } from './shell/Header.tsx';
import { SettingsPane } from './settings/SettingsPane.tsx';
import { SyncBanners } from './shell/SyncBanners.tsx';
import { StaffProvider, useStaff } from './staff/staff-context.tsx';
import type { ManagerApproval } from './staff/types.ts';

type Screen =
  | { kind: 'sale' }
  | { kind: 'payment' }
  | { kind: 'receipt'; orderId: string; origin: 'sale' | 'history' }
  | { kind: 'history' }
  | { kind: 'settings'; approval: ManagerApproval };

function Screens() {
  const sale = useSale();
  const staff = useStaff();
  const [screen, setScreen] = useState<Screen>({ kind: 'sale' });
  const [isPickingCustomer, setPickingCustomer] = useState(false);
  const isSelling = !isPickingCustomer;

  const toSale = () => setScreen({ kind: 'sale' });
  const toHistory = () => {
    setPickingCustomer(false);
    setScreen({ kind: 'history' });
  };
  const onValidated = (orderId: string) => {
    sale.reset();
    setScreen({ kind: 'receipt', orderId, origin: 'sale' });
  };
  const toSettings = () => {
    setPickingCustomer(false);
    void staff.requireManager('settings').then((approval) => {
      if (approval) setScreen({ kind: 'settings', approval });
    });
  };
  useShortcuts({ F9: toHistory }, screen.kind !== 'history' && screen.kind !== 'settings');

  // The approving manager's PIN lives only as long as the pane: locking the till closes it.
  if (staff.current === null && screen.kind === 'settings') setScreen({ kind: 'sale' });

  return (
    <div className="till">
      <Header onHistory={toHistory} onSettings={toSettings} />
      <SyncBanners />
      <main className="till__main">
        {screen.kind === 'sale' && (
          <SaleScreen
            isActive={isSelling}
            onPickCustomer={() => setPickingCustomer(true)}
            onPay={() => setScreen({ kind: 'payment' })}
          />
        )}
        {screen.kind === 'payment' && (
          <PaymentScreen
            isActive={isSelling}
            onBack={toSale}
            onPickCustomer={() => setPickingCustomer(true)}
            onValidated={onValidated}
          />
        )}
        {screen.kind === 'receipt' && (
          <ReceiptScreen
            orderId={screen.orderId}
            onDone={screen.origin === 'sale' ? toSale : toHistory}
            isFromHistory={screen.origin === 'history'}
          />
        )}
        {screen.kind === 'history' && (
          <HistoryScreen
            onBack={toSale}
            onOpen={(orderId) => setScreen({ kind: 'receipt', orderId, origin: 'history' })}
          />
        )}
        {screen.kind === 'settings' && <SettingsPane approval={screen.approval} onClose={toSale} />}
      </main>
      {isPickingCustomer && <CustomerPicker onClose={() => setPickingCustomer(false)} />}
    </div>
  );
}

/** The sale is held above the lock, so the next person signed in carries it on. */
function StaffedTill() {
  const staff = useStaff();
  return (
    <SaleProvider cashier={staff.current}>
      <Screens />
    </SaleProvider>
  );
}

export function TillApp() {
  return (
    <StaffProvider>
      <StaffedTill />
    </StaffProvider>
  );
}
