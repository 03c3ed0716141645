// Gives the selling screens this till's language, from its device settings; changing it saves
// it there. Before a language was ever saved the device default (French) applies.
import { useCallback, type ReactNode } from 'react';
import { I18nProvider } from '../../i18n/context.tsx';
import type { Language } from '../../i18n/i18n.ts';
import { deviceInputOf, useDeviceSettings } from '../settings/device-settings-context.tsx';
import { useTill } from '../till-context.tsx';

export function StoreLanguage(props: { children: ReactNode }) {
  const { settings, save } = useDeviceSettings();
  const { logger } = useTill();
  const change = useCallback(
    (language: Language) => {
      save({ ...deviceInputOf(settings), language }).then(
        (outcome) => {
          if (!outcome.ok) logger.warn('language not saved', { issues: outcome.issues });
        },
        (error: unknown) => logger.error('language not saved', { error }),
      );
    },
    [save, settings, logger],
  );
  return (
    <I18nProvider defaultLanguage="fr" language={settings.language} onLanguageChange={change}>
      {props.children}
    </I18nProvider>
  );
}
