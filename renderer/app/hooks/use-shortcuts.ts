// Keyboard shortcuts of the screen on display. Function keys and Escape act wherever the focus
// is (a scanner or a cashier's hands never need to leave the keys); Enter acts only when the
// focused element has not used it already, so Enter on a button still presses that button.
import { useEffect, useRef } from 'react';

export type ShortcutKey =
  'F2' | 'F3' | 'F4' | 'F5' | 'F6' | 'F7' | 'F8' | 'F9' | 'F10' | 'F12' | 'Escape' | 'Enter';

export type ShortcutBindings = Partial<Record<ShortcutKey, () => void>>;

function isEnterTakenBy(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return ['BUTTON', 'A', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useShortcuts(bindings: ShortcutBindings, isActive = true): void {
  const latest = useRef(bindings);
  useEffect(() => {
    latest.current = bindings;
  });

  useEffect(() => {
    if (!isActive) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      const action = latest.current[event.key as ShortcutKey];
      if (!action) return;
      if (event.key === 'Enter' && isEnterTakenBy(event.target)) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [isActive]);
}
