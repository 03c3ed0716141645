// Amounts, dates and days as the back office shows them. Amounts follow the store's currency and
// the page language (a French page uses the store's own French locale); times are shown, and
// days are cut, in the time zone the back office is set to, not the server's.
import type { StoreSettings } from '../../shared/domain.ts';
import { money } from '../../shared/money.ts';
import { formatMoney, type LocaleCode } from '../../shared/money-format.ts';
import type { Language } from './i18n.ts';

export function localeFor(language: Language, settings: StoreSettings): LocaleCode {
  if (language === 'en') return 'en';
  return settings.locale === 'en' ? 'fr-BE' : settings.locale;
}

export type FormatAmount = (minor: number) => string;

export function amountFormatter(language: Language, settings: StoreSettings): FormatAmount {
  const locale = localeFor(language, settings);
  return (minor) => formatMoney(money(minor, settings.currency), locale);
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(locale: string, timeZone: string, isDateOnly: boolean) {
  const key = `${locale}|${timeZone}|${isDateOnly}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone,
      dateStyle: 'short',
      ...(isDateOnly ? {} : { timeStyle: 'short' }),
    });
    dateTimeFormats.set(key, format);
  }
  return format;
}

export function formatDateTime(iso: string, language: Language, timeZone: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return dateTimeFormat(language === 'en' ? 'en-GB' : 'fr-BE', timeZone, false).format(time);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) an instant falls on in the time zone. */
export function localDayOf(instant: string | number, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(typeof instant === 'number' ? instant : Date.parse(instant));
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const wall = Date.UTC(
    value('year'),
    value('month') - 1,
    value('day'),
    value('hour'),
    value('minute'),
    value('second'),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

export const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDay(text: string): boolean {
  const match = dayPattern.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

/**
 * The instant a day starts in the time zone. The offset is looked up twice because the start of
 * the day may fall on the other side of a daylight-saving change than UTC midnight.
 */
export function startOfDayUtc(day: string, timeZone: string): number {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(year, month - 1, date);
  const first = utcMidnight - zoneOffsetMs(utcMidnight, timeZone);
  return utcMidnight - zoneOffsetMs(first, timeZone);
}

export function addDays(day: string, count: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + count)).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * An integer number of minor units as a decimal string, "-1234.05", built from integers only:
 * the accountant's file never carries a float's rounding.
 */
export function decimalOfMinor(minor: number, decimalMark: '.' | ','): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Not an integer amount: ${minor}`);
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(3, '0');
  return `${sign}${digits.slice(0, -2)}${decimalMark}${digits.slice(-2)}`;
}
