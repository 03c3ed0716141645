// The keys a cashier can use, shown where the search results will appear, so a new cashier
// learns them on the first day without a manual.
import { useT } from '../../i18n/context.tsx';
import type { MessageKey } from '../../i18n/i18n.ts';
import { Kbd } from '../shell/Kbd.tsx';

type HelpKey = Extract<MessageKey, `help.${string}`>;

export function ShortcutHelp() {
  const t = useT();
  const rows: readonly (readonly [string, HelpKey])[] = [
    ['F2', 'help.customer'],
    ['F4', 'help.pay'],
    ['F5–F8', 'help.methods'],
    [t('shortcut.enter'), 'help.validate'],
    [t('shortcut.escape'), 'help.back'],
    ['F9', 'help.history'],
    ['F12', 'help.lock'],
  ];
  return (
    <section className="help" aria-label={t('help.title')}>
      <p className="help__scan">{t('help.scan')}</p>
      <h2 className="panel__title">{t('help.title')}</h2>
      <dl className="help__keys">
        {rows.map(([keys, label]) => (
          <div key={label} className="help__row">
            <dt>
              <Kbd keys={keys} />
            </dt>
            <dd>{t(label)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
