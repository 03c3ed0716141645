// Gives the selling screens the store's language by default: English when the store's locale
// is English, French otherwise.
import type { ReactNode } from 'react';
import { I18nProvider } from '../../i18n/context.tsx';
import { useStoreSettings } from '../hooks/use-store-settings.ts';

export function StoreLanguage(props: { children: ReactNode }) {
  const settings = useStoreSettings();
  return (
    <I18nProvider defaultLanguage={settings.locale === 'en' ? 'en' : 'fr'}>
      {props.children}
    </I18nProvider>
  );
}
