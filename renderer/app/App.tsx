// The till from its first frame: start the services, then show the selling screens, or a clear
// screen saying why the till cannot sell (not paired, no desktop host, a broken local store).
import { useEffect, useState } from 'react';
import { I18nProvider } from '../i18n/context.tsx';
import { bootTill, type BootResult, type TillServices } from './boot.ts';
import { findHost } from './host.ts';
import { rendererLogger } from './log.ts';
import { DeviceSettingsProvider } from './settings/device-settings-context.tsx';
import { BootScreen } from './shell/BootScreen.tsx';
import { StoreLanguage } from './shell/StoreLanguage.tsx';
import { TillApp } from './TillApp.tsx';
import { TillProvider } from './till-context.tsx';

function stopServices(services: TillServices): void {
  services.engine.stop();
  services.reportSender.stop();
}

export function App() {
  const [boot, setBoot] = useState<BootResult | null>(null);

  useEffect(() => {
    let isCurrent = true;
    let started: BootResult | null = null;
    bootTill(findHost(), rendererLogger).then(
      (result) => {
        started = result;
        if (isCurrent) setBoot(result);
        else if (result.kind === 'ready') stopServices(result.services);
      },
      (error: unknown) => {
        rendererLogger.error('till did not start', { error });
        if (isCurrent) setBoot({ kind: 'failed' });
      },
    );
    return () => {
      isCurrent = false;
      // StrictMode mounts twice in development: the first engine must not keep running.
      if (started?.kind === 'ready') stopServices(started.services);
    };
  }, []);

  if (boot?.kind === 'ready') {
    return (
      <TillProvider services={boot.services}>
        <DeviceSettingsProvider>
          <StoreLanguage>
            <TillApp />
          </StoreLanguage>
        </DeviceSettingsProvider>
      </TillProvider>
    );
  }
  return (
    <I18nProvider defaultLanguage="fr">
      <BootScreen state={boot?.kind ?? 'starting'} host={findHost()} />
    </I18nProvider>
  );
}
