// What the statement, invoice and suspense pages share: the language and the store's money
// format, amounts read from a form as a person types them, and form fields read safely.
import type { FastifyRequest } from 'fastify';
import { backOfficeContextOf, languageOf } from '../backoffice/auth.ts';
import type { Language } from '../backoffice/i18n.ts';
import { formatMoney, parseMoney, type LocaleCode } from '../../shared/money-format.ts';
import { money, toMinor, type CurrencyCode } from '../../shared/money.ts';
import { pageTranslator, type PageTranslate } from './messages.ts';

export interface MoneyPageTools {
  t: PageTranslate;
  language: Language;
  locale: LocaleCode;
  currency: CurrencyCode;
  formatAmount: (minor: number) => string;
  /** Integer minor units of a positive amount as typed ("25", "25,50", "1 234.5"), or null. */
  parseAmount: (text: string) => number | null;
}

export async function moneyPageTools(request: FastifyRequest): Promise<MoneyPageTools> {
  const language = languageOf(request);
  const settings = await backOfficeContextOf(request).ledger.readSettings();
  const locale: LocaleCode = language === 'en' ? 'en' : settings.locale;
  const currency = settings.currency;
  return {
    t: pageTranslator(language),
    language,
    locale,
    currency,
    formatAmount: (minor) => formatMoney(money(minor, currency), locale),
    parseAmount: (text) => {
      const parsed = parseMoney(text.slice(0, 40), currency, { locale: settings.locale });
      if (!parsed.ok) return null;
      const minor = toMinor(parsed.amount);
      return minor > 0 ? minor : null;
    },
  };
}

export function formField(body: unknown, name: string, lengthMax = 1000): string {
  const value = (body as Record<string, unknown> | null | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, lengthMax) : '';
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && uuidPattern.test(value);
}

export function paramOf(request: FastifyRequest, name: string): string {
  const value = (request.params as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}
