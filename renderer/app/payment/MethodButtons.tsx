// One large button per active payment method, in the manager's order, with its shortcut.
import type { PaymentMethod } from '../../../shared/domain.ts';
import type { ShortcutKey } from '../hooks/use-shortcuts.ts';
import { Kbd } from '../shell/Kbd.tsx';

export const methodShortcuts: readonly ShortcutKey[] = ['F5', 'F6', 'F7', 'F8'];

export function MethodButtons(props: {
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
