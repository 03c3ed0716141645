// What most back-office pages need: the translator, the store's currency and locale for
// amounts, the report time zone, and small readers for query strings and form fields.
import type { FastifyRequest } from 'fastify';
import { serverIdSchema } from '../../../shared/domain.ts';
import { backOfficeContextOf, languageOf, translatorOf } from '../auth.ts';
import { amountFormatter, formatDateTime, type FormatAmount } from '../format.ts';
import { html, type SafeHtml } from '../html.ts';
import type { Language, Translate } from '../i18n.ts';
import { readTimeZone } from '../settings.ts';

export interface PageTools {
  t: Translate;
  language: Language;
  formatAmount: FormatAmount;
  formatTime: (iso: string) => string;
  timeZone: string;
  currency: string;
}

export async function pageTools(request: FastifyRequest): Promise<PageTools> {
  const context = backOfficeContextOf(request);
  const language = languageOf(request);
  const [settings, timeZone] = await Promise.all([
    context.ledger.readSettings(),
    context.ledger.database.read((sql) => readTimeZone(sql)),
  ]);
  return {
    t: translatorOf(request),
    language,
    formatAmount: amountFormatter(language, settings),
    formatTime: (iso) => formatDateTime(iso, language, timeZone),
    timeZone,
    currency: settings.currency,
  };
}

export function stringField(source: unknown, name: string, lengthMax = 1000): string {
  const value = (source as Record<string, unknown> | null | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, lengthMax) : '';
}

export function isChecked(source: unknown, name: string): boolean {
  return stringField(source, name) === '1';
}

/** A positive whole number from a query string, or the fallback. */
export function positiveInteger(source: unknown, name: string, fallback: number): number {
  const text = stringField(source, name, 16);
  return /^\d{1,15}$/.test(text) ? Number(text) : fallback;
}

export function isServerId(value: unknown): value is string {
  return serverIdSchema.safeParse(value).success;
}

/** An amount cell, marked when negative so it is not told by colour alone (the sign stays). */
export function amountCell(minor: number, formatAmount: FormatAmount): SafeHtml {
  return minor < 0
    ? html`<td class="amount negative">${formatAmount(minor)}</td>`
    : html`<td class="amount">${formatAmount(minor)}</td>`;
}

export function queryString(values: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value !== null && value !== undefined && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
