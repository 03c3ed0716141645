// Keeps a scanner's keystrokes from being lost when a button, not the search, has the focus.
import { useEffect, useRef, type RefObject } from 'react';

function isTypingTarget(element: Element | null): boolean {
  return element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement;
}

/**
 * Keys typed while no input has the focus go to the search, so a scan is never lost to a button
 * that kept the focus. The first key is taken here and handed over, since a key whose focus
 * moves while it is pressed does not reliably land in the new field.
 */
export function useTypingGoesTo(
  input: RefObject<HTMLInputElement | null>,
  isActive: boolean,
  onCharacter: (character: string) => void,
) {
  const latest = useRef(onCharacter);
  useEffect(() => {
    latest.current = onCharacter;
  });
  useEffect(() => {
    if (!isActive) return;
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      const isPrintable =
        event.key.length === 1 && event.key !== ' ' && !event.ctrlKey && !event.altKey;
      if (!isPrintable || isTypingTarget(document.activeElement)) return;
      event.preventDefault();
      input.current?.focus();
      latest.current(event.key);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [input, isActive]);
}
