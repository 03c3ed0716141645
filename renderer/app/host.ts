// The host API the preload exposes on `window`. The renderer reaches the printer, the drawer and
// the pairing details only through it; in a plain browser it is missing.
import type { HostApi } from '../../shared/host-api.ts';

declare global {
  interface Window {
    caisseHost?: HostApi;
  }
}

export function findHost(): HostApi | null {
  return window.caisseHost ?? null;
}
