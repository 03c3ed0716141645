// This till's own settings (printer, language, idle lock, the methods it offers), read from the
// host once at start and kept here so every screen sees a save at once. Saving goes through the
// host, which validates the whole set and refuses it whole.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type {
  DeviceSaveOutcome,
  DeviceSettingsInput,
  DeviceSettingsView,
} from '../../../shared/device-settings.ts';
import type { TillConnection } from '../../../shared/host-api.ts';
import { useTill } from '../till-context.tsx';

export interface DeviceSettingsState {
  settings: DeviceSettingsView;
  save: (input: DeviceSettingsInput) => Promise<DeviceSaveOutcome>;
}

const DeviceSettingsContext = createContext<DeviceSettingsState | null>(null);

/** The editable part of the view: what `save` takes. */
export function deviceInputOf(view: DeviceSettingsView): DeviceSettingsInput {
  return {
    printer: view.printer,
    paperColumns: view.paperColumns,
    codePage: view.codePage,
    drawerPin: view.drawerPin,
    language: view.language,
    lockAfterIdleMinutes: view.lockAfterIdleMinutes,
    disabledMethodIds: view.disabledMethodIds,
  };
}

function fallbackDeviceSettings(connection: TillConnection): DeviceSettingsView {
  return {
    printer: { transport: 'none' },
    paperColumns: 48,
    codePage: 'cp858',
    drawerPin: 2,
    language: 'fr',
    lockAfterIdleMinutes: 5,
    disabledMethodIds: [],
    connection: {
      serverUrl: connection.serverUrl,
      tillId: connection.tillId,
      tillName: connection.tillName,
    },
  };
}

export function DeviceSettingsProvider(props: { children: ReactNode }) {
  const { host, logger, connection } = useTill();
  const [settings, setSettings] = useState<DeviceSettingsView | null>(null);

  useEffect(() => {
    let isCurrent = true;
    host.readDeviceSettings().then(
      (read) => {
        if (isCurrent) setSettings(read);
      },
      (error: unknown) => {
        // A till that cannot read its own settings must still sell: with the defaults.
        logger.error('device settings could not be read; using the defaults', { error });
        if (isCurrent) setSettings(fallbackDeviceSettings(connection));
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [host, logger, connection]);

  const save = useCallback(
    async (input: DeviceSettingsInput) => {
      const outcome = await host.saveDeviceSettings(input);
      if (outcome.ok) setSettings(outcome.settings);
      return outcome;
    },
    [host],
  );

  const value = useMemo(() => (settings ? { settings, save } : null), [settings, save]);
  // The host answers within a frame or two; the screens wait for it rather than start in the
  // wrong language or with a method this till does not offer.
  if (!value) return null;
  return (
    <DeviceSettingsContext.Provider value={value}>{props.children}</DeviceSettingsContext.Provider>
  );
}

export function useDeviceSettings(): DeviceSettingsState {
  const value = useContext(DeviceSettingsContext);
  if (!value) throw new Error('useDeviceSettings needs a DeviceSettingsProvider above it');
  return value;
}
