// The selling screens and the moves between them: sale → payment → receipt → new sale, with the
// customer picker over the sale or the payment, and the history a key away from anywhere; all
// of it behind the lock screen until someone signs in. The settings pane opens over the sale
// once a manager approved it, and leaves the sale being rung up as it was.
import { useState } from 'react';
import { CustomerPicker } from './customer/CustomerPicker.tsx';
import { HistoryScreen } from './history/HistoryScreen.tsx';
import { RefundScreen } from './refund/RefundScreen.tsx';
import { CloseSessionScreen } from './session/CloseSessionScreen.tsx';
import { SessionGate, useOpenSessionQuery } from './session/session-context.tsx';
import { SessionReportScreen } from './session/SessionReportScreen.tsx';
import { SessionsScreen } from './session/SessionsScreen.tsx';
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
  | { kind: 'settings'; approval: ManagerApproval }
  | { kind: 'refund'; orderId: string; approval: ManagerApproval }
  | { kind: 'close-session' }
  | { kind: 'session-report'; sessionId: string; isJustClosed: boolean }
  | { kind: 'sessions' };

function Screens() {
  const sale = useSale();
  const staff = useStaff();
  const openSession = useOpenSessionQuery();
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
  const isF9Free = !['history', 'refund', 'close-session', 'settings'].includes(screen.kind);
  useShortcuts({ F9: toHistory }, isF9Free);
  const askRefund = async (orderId: string): Promise<boolean> => {
    const approval = await staff.requireManager('refund');
    if (!approval) return false;
    setScreen({ kind: 'refund', orderId, approval });
    return true;
  };

  // The approving manager's PIN lives only as long as the pane: locking the till closes it.
  if (staff.current === null && screen.kind === 'settings') setScreen({ kind: 'sale' });
  // These screens stand outside the session: the settings and past reports need no open one.
  const isOutsideSession =
    screen.kind === 'session-report' || screen.kind === 'sessions' || screen.kind === 'settings';

  return (
    <div className="till">
      <Header
        onHistory={toHistory}
        onSettings={toSettings}
        onCloseSession={
          openSession && screen.kind !== 'close-session'
            ? () => {
                setPickingCustomer(false);
                setScreen({ kind: 'close-session' });
              }
            : null
        }
        onSessions={() => {
          setPickingCustomer(false);
          setScreen({ kind: 'sessions' });
        }}
      />
      <SyncBanners />
      <main className="till__main">
        {screen.kind === 'session-report' && (
          <SessionReportScreen
            sessionId={screen.sessionId}
            isJustClosed={screen.isJustClosed}
            onDone={() => setScreen(screen.isJustClosed ? { kind: 'sale' } : { kind: 'sessions' })}
          />
        )}
        {screen.kind === 'sessions' && (
          <SessionsScreen
            onBack={toSale}
            onOpen={(sessionId) =>
              setScreen({ kind: 'session-report', sessionId, isJustClosed: false })
            }
          />
        )}
        {!isOutsideSession && (
          <SessionGate>
            <SellingScreens
              screen={screen}
              setScreen={setScreen}
              isSelling={isSelling}
              onPickCustomer={() => setPickingCustomer(true)}
              onValidated={onValidated}
              toSale={toSale}
              toHistory={toHistory}
              onRefund={askRefund}
            />
          </SessionGate>
        )}
        {screen.kind === 'settings' && <SettingsPane approval={screen.approval} onClose={toSale} />}
      </main>
      {isPickingCustomer && <CustomerPicker onClose={() => setPickingCustomer(false)} />}
    </div>
  );
}

function SellingScreens(props: {
  screen: Screen;
  setScreen: (screen: Screen) => void;
  isSelling: boolean;
  onPickCustomer: () => void;
  onValidated: (orderId: string) => void;
  toSale: () => void;
  toHistory: () => void;
  onRefund: (orderId: string) => Promise<boolean>;
}) {
  const { screen, setScreen, isSelling, onValidated, toSale, toHistory } = props;
  const openSession = useOpenSessionQuery();
  return (
    <>
      {screen.kind === 'close-session' && openSession && (
        <CloseSessionScreen
          session={openSession}
          onCancel={toSale}
          onClosed={(sessionId) =>
            setScreen({ kind: 'session-report', sessionId, isJustClosed: true })
          }
        />
      )}
      {screen.kind === 'refund' && (
        <RefundScreen
          orderId={screen.orderId}
          approval={screen.approval}
          onCancel={() =>
            setScreen({ kind: 'receipt', orderId: screen.orderId, origin: 'history' })
          }
          onRefunded={(refundOrderId) =>
            setScreen({ kind: 'receipt', orderId: refundOrderId, origin: 'history' })
          }
        />
      )}
      {screen.kind === 'sale' && (
        <SaleScreen
          isActive={isSelling}
          onPickCustomer={props.onPickCustomer}
          onPay={() => setScreen({ kind: 'payment' })}
        />
      )}
      {screen.kind === 'payment' && (
        <PaymentScreen
          isActive={isSelling}
          onBack={toSale}
          onPickCustomer={props.onPickCustomer}
          onValidated={onValidated}
        />
      )}
      {screen.kind === 'receipt' && (
        <ReceiptScreen
          orderId={screen.orderId}
          onDone={screen.origin === 'sale' ? toSale : toHistory}
          isFromHistory={screen.origin === 'history'}
          onRefund={props.onRefund}
        />
      )}
      {screen.kind === 'history' && (
        <HistoryScreen
          onBack={toSale}
          onOpen={(orderId) => setScreen({ kind: 'receipt', orderId, origin: 'history' })}
          onSessions={() => setScreen({ kind: 'sessions' })}
        />
      )}
    </>
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
