// The language of the till's screens, shared through React context. The store's locale picks the
// default (French unless the store is set to English); a cashier's choice on this till is kept
// in local storage, so it survives a restart without changing the store's setting.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { createTranslator, isLanguage, type Language, type Translate } from './i18n.ts';

const storageKey = 'caisse.language';

export interface I18n {
  language: Language;
  t: Translate;
  setLanguage: (language: Language) => void;
}

const I18nContext = createContext<I18n | null>(null);

function readStoredLanguage(): Language | null {
  try {
    const stored = window.localStorage.getItem(storageKey);
    return isLanguage(stored) ? stored : null;
  } catch {
    // Storage can be unavailable (a locked-down profile): the store's language still applies.
    return null;
  }
}

/**
 * With `language` and `onLanguageChange` the language is held by the caller (the till's device
 * settings); without them it is the choice kept in local storage, else the default.
 */
export function I18nProvider(props: {
  defaultLanguage: Language;
  language?: Language;
  onLanguageChange?: (language: Language) => void;
  children: ReactNode;
}) {
  const [chosen, setChosen] = useState<Language | null>(readStoredLanguage);
  const language = props.language ?? chosen ?? props.defaultLanguage;
  const { onLanguageChange } = props;

  const setLanguage = useCallback(
    (next: Language) => {
      if (onLanguageChange) {
        onLanguageChange(next);
        return;
      }
      setChosen(next);
      try {
        window.localStorage.setItem(storageKey, next);
      } catch {
        // Not kept across restarts, but the switch still applies now.
      }
    },
    [onLanguageChange],
  );

  // Screen readers and the browser's hyphenation follow the page's language.
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const value = useMemo(
    () => ({ language, t: createTranslator(language), setLanguage }),
    [language, setLanguage],
  );
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n needs an I18nProvider above it');
  return value;
}

export function useT(): Translate {
  return useI18n().t;
}
