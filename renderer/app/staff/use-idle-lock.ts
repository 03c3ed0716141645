// Locks the till after a while with no key press, pointer or touch. Activity only notes the time;
// one timer, set for the earliest moment the till could be idle, looks again when it fires, so
// a moving mouse costs nothing and the lock still comes on time.
import { useEffect, useRef } from 'react';

const activityEvents = ['keydown', 'pointerdown', 'pointermove', 'touchstart', 'wheel'] as const;

export function useIdleLock(isActive: boolean, idleMs: number, onIdle: () => void): void {
  const latestOnIdle = useRef(onIdle);
  useEffect(() => {
    latestOnIdle.current = onIdle;
  });

  useEffect(() => {
    if (!isActive) return;
    let lastActivityMs = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const noteActivity = () => {
      lastActivityMs = Date.now();
    };
    const check = () => {
      const idleForMs = Date.now() - lastActivityMs;
      if (idleForMs >= idleMs) {
        latestOnIdle.current();
        return;
      }
      timer = setTimeout(check, idleMs - idleForMs);
    };
    for (const name of activityEvents) {
      window.addEventListener(name, noteActivity, { capture: true, passive: true });
    }
    timer = setTimeout(check, idleMs);
    return () => {
      clearTimeout(timer);
      for (const name of activityEvents) {
        window.removeEventListener(name, noteActivity, { capture: true });
      }
    };
  }, [isActive, idleMs]);
}
