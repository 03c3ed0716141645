// The on-screen keypad for amounts, for a touch screen or a mouse. It types into the same text
// as the keyboard, so both can be mixed.
import { useT } from '../../i18n/context.tsx';

const digitRows = [
  ['7', '8', '9'],
  ['4', '5', '6'],
  ['1', '2', '3'],
] as const;

export function Keypad(props: { onType: (character: string) => void; onClear: () => void }) {
  const t = useT();
  const key = (digit: string) => (
    <button
      key={digit}
      type="button"
      className="keypad__key"
      data-testid={`keypad-${digit}`}
      onClick={() => props.onType(digit)}
    >
      {digit}
    </button>
  );
  return (
    <div className="keypad" role="group">
      {digitRows.map((row) => row.map(key))}
      <button
        type="button"
        className="keypad__key"
        data-testid="keypad-comma"
        aria-label={t('keypad.comma')}
        onClick={() => props.onType(',')}
      >
        ,
      </button>
      {key('0')}
      <button
        type="button"
        className="keypad__key keypad__key--clear"
        data-testid="keypad-clear"
        onClick={props.onClear}
      >
        {t('keypad.clear')}
      </button>
    </div>
  );
}
