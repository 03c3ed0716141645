// Taking payment. The cashier types or taps an amount and presses a payment method (an empty
// amount means "what is still due"); the screen shows what is due, the change, and the wallet
// before and after. Validate hands the sale to validateSale: a refusal is shown in plain words
// and nothing is written; a success goes to the receipt.
import { rendererLogger } from '../log.ts';
import { useState } from 'react';
import { toMinor } from '../../../shared/money.ts';
import type { OrderPayment, PaymentMethod } from '../../../shared/domain.ts';
import type { HostApi } from '../../../shared/host-api.ts';
import { useT } from '../../i18n/context.tsx';
import { amountProblemMessage, refusalMessage } from '../../i18n/reasons.ts';
import { validateSale } from '../../sale/validate-sale.ts';
import { useCustomerBalance } from '../customer/use-customer-balance.ts';
import { useShortcuts, type ShortcutBindings, type ShortcutKey } from '../hooks/use-shortcuts.ts';
import { useMoney } from '../hooks/use-store-settings.ts';
import { useSyncStatus } from '../hooks/use-sync-status.ts';
import { addPayment, removePayment, setChangeToWallet } from '../sale/draft.ts';
import { useSale } from '../sale/sale-context.tsx';
import { Kbd } from '../shell/Kbd.tsx';
import { useTill } from '../till-context.tsx';
import { Keypad } from './Keypad.tsx';
import { PaymentLines } from './PaymentLines.tsx';
import { paymentView } from './payment-view.ts';
import { usePaymentMethods } from './use-payment-methods.ts';
import { WalletPanel } from './WalletPanel.tsx';

const logger = rendererLogger.child('payment');

const methodShortcuts: readonly ShortcutKey[] = ['F5', 'F6', 'F7', 'F8'];

function isCashTaken(payments: readonly OrderPayment[]): boolean {
  return payments.some((payment) => payment.kind === 'cash' && payment.amountMinor > 0);
}

/** The drawer opens as soon as cash is taken, so the change can be given before printing. */
function openDrawer(host: HostApi): void {
  host.openDrawer().then(
    (outcome) => {
      if (!outcome.ok) logger.warn('drawer did not open', { reason: outcome.reason });
    },
    (error: unknown) => logger.error('drawer call failed', { error }),
  );
}

interface PaymentScreenProps {
  isActive: boolean;
  onBack: () => void;
  onPickCustomer: () => void;
  onValidated: (orderId: string) => void;
}

function useValidation(props: PaymentScreenProps, dueMinor: number, isChangeToWallet: boolean) {
  const t = useT();
  const { db, engine, client, connection, host } = useTill();
  const { format, settings } = useMoney();
  const sale = useSale();
  const [isValidating, setValidating] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  const validate = async () => {
    setValidating(true);
    setRefusal(null);
    try {
      const chosen = sale.draft.customer;
      // The freshest record the till has: a refresh or a pull may have landed since the choice.
      const customer = chosen ? ((await db.customers.get(chosen.id)) ?? chosen) : null;
      const draft = { ...sale.draft, customer, isChangeToWallet };
      const deps = { db, engine, client, tillId: connection.tillId, logger };
      const outcome = await validateSale(deps, draft);
      if (outcome.ok) {
        if (isCashTaken(draft.payments)) openDrawer(host);
        return props.onValidated(outcome.orderId);
      }
      logger.info('sale refused', { reason: outcome.reason });
      const limits = settings.offlineWalletLimits;
      setRefusal(
        refusalMessage(t, format, outcome.reason, {
          availableMinor: outcome.availableMinor,
          dueMinor,
          offlinePaymentMaxMinor: limits.perPaymentMaxMinor,
          offlineCustomerMaxMinor: limits.perCustomerMaxMinor,
        }),
      );
    } catch (error) {
      logger.error('sale validation failed', { error });
      setRefusal(t('refusal.unexpected'));
    } finally {
      setValidating(false);
    }
  };
  return { validate, isValidating, refusal, setRefusal };
}

function MethodButtons(props: {
  methods: readonly PaymentMethod[];
  onChoose: (m: PaymentMethod) => void;
}) {
  return (
    <div className="methods">
      {props.methods.map((method, index) => (
        <button
          key={method.id}
          type="button"
          className={`method method--${method.kind}`}
          data-testid="payment-method"
          data-method-id={method.id}
          data-method-kind={method.kind}
          onClick={() => props.onChoose(method)}
        >
          <span className="method__name">{method.name}</span>
          {methodShortcuts[index] && <Kbd keys={methodShortcuts[index]} />}
        </button>
      ))}
    </div>
  );
}

export function PaymentScreen(props: PaymentScreenProps) {
  const t = useT();
  const { format, parse } = useMoney();
  const sale = useSale();
  const methods = usePaymentMethods();
  const status = useSyncStatus();
  const [amountText, setAmountText] = useState('');
  const customer = sale.draft.customer;
  const live = useCustomerBalance(customer?.id ?? null);
  const balanceMinor = live?.balanceMinor ?? customer?.walletBalanceMinor ?? null;
  const view = paymentView({ ...sale.draft, customer: live?.customer ?? customer }, balanceMinor);
  const { summary } = view;
  const validation = useValidation(props, summary.dueMinor, view.isChangeToWallet);

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

      <section className="panel payment__entry">
        <label className="field">
          <span className="field__label">{t('payment.amount.label')}</span>
          <input
            className="input input--amount"
            data-testid="amount-input"
            inputMode="decimal"
            autoComplete="off"
            autoFocus
            value={amountText}
            placeholder={t('payment.amount.placeholder')}
            onChange={(event) => setAmountText(event.target.value)}
          />
        </label>
        <Keypad
          onType={(character) => setAmountText((text) => text + character)}
          onClear={() => setAmountText('')}
        />
      </section>

      <section className="panel payment__summary">
        <dl className="figures figures--large">
          <div className="figures__row">
            <dt>{t('payment.total')}</dt>
            <dd data-testid="payment-total">{format(summary.totalMinor)}</dd>
          </div>
          <div className={`figures__row${summary.dueMinor > 0 ? ' figures__row--due' : ''}`}>
            <dt>{t('payment.due')}</dt>
            <dd data-testid="due-amount">{format(summary.dueMinor)}</dd>
          </div>
          <div className={`figures__row${summary.changeMinor > 0 ? ' figures__row--change' : ''}`}>
            <dt>{t('payment.change')}</dt>
            <dd data-testid="change-amount">{format(summary.changeGivenMinor)}</dd>
          </div>
        </dl>

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
