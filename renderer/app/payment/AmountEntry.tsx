// The amount the customer hands over, typed on the keyboard or tapped on the keypad. Left empty,
// the next payment method pressed takes exactly what is still due.
import { useT } from '../../i18n/context.tsx';
import { Keypad } from './Keypad.tsx';

export function AmountEntry(props: { text: string; onChange: (text: string) => void }) {
  const t = useT();
  return (
    <section className="panel payment__entry">
      <label className="field">
        <span className="field__label">{t('payment.amount.label')}</span>
        <input
          className="input input--amount"
          data-testid="amount-input"
          inputMode="decimal"
          autoComplete="off"
          autoFocus
          value={props.text}
          placeholder={t('payment.amount.placeholder')}
          onChange={(event) => props.onChange(event.target.value)}
        />
      </label>
      <Keypad
        onType={(character) => props.onChange(props.text + character)}
        onClear={() => props.onChange('')}
      />
    </section>
  );
}
