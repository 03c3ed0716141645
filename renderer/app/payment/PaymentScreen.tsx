// Taking payment. The cashier types or taps an amount and presses a payment method (an empty
// amount means "what is still due"); the screen shows what is due, the change, and the wallet
// before and after. Validate hands the sale to validateSale: a refusal is shown in plain words
// and nothing is written; a success goes to the receipt.
import { useState } from 'react';
import type { PaymentMethod } from '../../../shared/domain.ts';
import { toMinor } from '../../../shared/money.ts';
import { useT } from '../../i18n/context.tsx';
import { amountProblemMessage } from '../../i18n/reasons.ts';
import { useCustomerBalance } from '../customer/use-customer-balance.ts';
import { useShortcuts, type ShortcutBindings } from '../hooks/use-shortcuts.ts';
import { useMoney } from '../hooks/use-store-settings.ts';
import { useSyncStatus } from '../hooks/use-sync-status.ts';
import { addPayment, removePayment, setChangeToWallet } from '../sale/draft.ts';
import { useSale } from '../sale/sale-context.tsx';
import { Kbd } from '../shell/Kbd.tsx';
import { AmountEntry } from './AmountEntry.tsx';
import { MethodButtons, methodShortcuts } from './MethodButtons.tsx';
import { PaymentFigures } from './PaymentFigures.tsx';
import { PaymentLines } from './PaymentLines.tsx';
import { paymentView } from './payment-view.ts';
import { usePaymentMethods } from './use-payment-methods.ts';
import { useValidation } from './use-validation.ts';
import { WalletPanel } from './WalletPanel.tsx';

interface PaymentScreenProps {
  isActive: boolean;
  onBack: () => void;
  onPickCustomer: () => void;
  onValidated: (orderId: string) => void;
}

export function PaymentScreen(props: PaymentScreenProps) {
  const t = useT();
  const { parse } = useMoney();
  const sale = useSale();
  const methods = usePaymentMethods();
  const status = useSyncStatus();
  const [amountText, setAmountText] = useState('');
  const customer = sale.draft.customer;
  const live = useCustomerBalance(customer?.id ?? null);
  const balanceMinor = live?.balanceMinor ?? customer?.walletBalanceMinor ?? null;
  const view = paymentView({ ...sale.draft, customer: live?.customer ?? customer }, balanceMinor);
  const { summary } = view;
  const validation = useValidation(props.onValidated, summary.dueMinor, view.isChangeToWallet);

  const choose = (method: PaymentMethod) => {
    let amountMinor = summary.dueMinor;
    if (amountText.trim() !== '') {
      const parsed = parse(amountText);
      if (!parsed.ok) return validation.setRefusal(amountProblemMessage(t, parsed.reason));
      amountMinor = toMinor(parsed.amount);
    }
    if (amountMinor <= 0) {
      const isEmpty = amountText.trim() === '';
      return validation.setRefusal(
        isEmpty ? t('payment.nothingDue') : amountProblemMessage(t, 'zero'),
      );
    }
    validation.setRefusal(null);
    setAmountText('');
    sale.update((draft) => addPayment(draft, method, amountMinor));
  };

  const validate = () => {
    if (validation.isValidating) return;
    if (amountText.trim() !== '') {
      return validation.setRefusal(t('payment.amountPending', { amount: amountText.trim() }));
    }
    void validation.validate();
  };
  const toggleChange = () => {
    if (view.isChangeToWalletOffered) {
      sale.update((draft) => setChangeToWallet(draft, !view.isChangeToWallet));
    }
  };
  const methodBindings: ShortcutBindings = {};
  methods.slice(0, methodShortcuts.length).forEach((method, index) => {
    const key = methodShortcuts[index];
    if (key) methodBindings[key] = () => choose(method);
  });
  useShortcuts(
    {
      ...methodBindings,
      Escape: props.onBack,
      Enter: validate,
      F2: props.onPickCustomer,
      F10: toggleChange,
    },
    props.isActive,
  );

  return (
    <div className="payment">
      <section className="panel payment__methods">
        <header className="panel__header">
          <button type="button" className="button button--ghost" onClick={props.onBack}>
            ← {t('payment.back')} <Kbd keys={t('shortcut.escape')} />
          </button>
        </header>
        <h2 className="panel__title">{t('payment.methods')}</h2>
        <MethodButtons methods={methods} onChoose={choose} />
        <h2 className="panel__title">{t('payment.list')}</h2>
        <PaymentLines
          payments={sale.draft.payments}
          methods={methods}
          onRemove={(index) => sale.update((draft) => removePayment(draft, index))}
        />
      </section>

      <AmountEntry text={amountText} onChange={setAmountText} />

      <section className="panel payment__summary">
        <PaymentFigures summary={summary} />

        {customer && balanceMinor !== null ? (
          <WalletPanel
            customer={live?.customer ?? customer}
            balanceMinor={balanceMinor}
            view={view}
            onChangeToWallet={(isOn) => sale.update((draft) => setChangeToWallet(draft, isOn))}
          />
        ) : (
          <button
            type="button"
            className="button"
            data-testid="customer-button"
            onClick={props.onPickCustomer}
          >
            {t('customer.choose')} <Kbd keys="F2" />
          </button>
        )}
        {!status.isOnline && view.isWalletUsed && (
          <p className="note note--offline">{t('payment.offlineNote')}</p>
        )}

        {validation.refusal && (
          <p className="refusal" role="alert" data-testid="refusal-message">
            {validation.refusal}
          </p>
        )}
        <button
          type="button"
          className="button button--primary button--huge"
          data-testid="validate-button"
          disabled={validation.isValidating}
          onClick={validate}
        >
          {validation.isValidating ? t('payment.validating') : t('payment.validate')}{' '}
          <Kbd keys={t('shortcut.enter')} />
        </button>
      </section>
    </div>
  );
}
