// The portal's pages: plain server-rendered HTML with no script, in the customer's language, with
// amounts in the store's format. Every value from the database goes through the escaping `html`
// template.
import { html, type SafeHtml } from '../backoffice/html.ts';
import type { Language } from '../backoffice/i18n.ts';
import { stylesheetPath } from '../backoffice/layout.ts';
import { formatMoney, formatSignedMoney, type LocaleCode } from '../../shared/money-format.ts';
import { money, type CurrencyCode } from '../../shared/money.ts';
import {
  isMovementKind,
  movementKeys,
  portalTranslator,
  type PortalTranslate,
} from './messages.ts';
import type { PortalWallet } from './wallet.ts';

export const portalPrefix = '/portal';

export interface PageContext {
  language: Language;
  /** The store's locale for French pages; English pages use `en`. */
  storeLocale: LocaleCode;
  storeName: string;
  csrfToken: string;
  isSignedIn: boolean;
  /** This page in the other language, its query kept (a sign-in page keeps its token). */
  otherLanguageHref: string;
}

export function localeOf(context: PageContext): LocaleCode {
  return context.language === 'en' ? 'en' : context.storeLocale;
}

function csrfField(context: PageContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${context.csrfToken}" />`;
}

export function renderPortalPage(
  context: PageContext,
  title: string,
  main: SafeHtml,
  notice?: { kind: 'success' | 'error'; text: string },
): string {
  const t = portalTranslator(context.language);
  const other = context.language === 'fr' ? 'en' : 'fr';
  const logout = context.isSignedIn
    ? html`<form method="post" action="${portalPrefix}/logout" class="inline">
        ${csrfField(context)}<button type="submit" class="link">${t('logout.submit')}</button>
      </form>`
    : html``;
  const noticeBlock = notice
    ? html`<p
        class="notice notice-${notice.kind}"
        role="${notice.kind === 'error' ? 'alert' : 'status'}"
      >
        ${notice.text}
      </p>`
    : html``;
  return html`<!doctype html>
    <html lang="${context.language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · ${context.storeName}</title>
        <link rel="stylesheet" href="${stylesheetPath}" />
      </head>
      <body>
        <header class="top">
          <span class="brand">${context.storeName} · ${t('app.name')}</span>
          <div class="user">
            <a href="${context.otherLanguageHref}" lang="${other}">${t('language.other')}</a>
            ${logout}
          </div>
        </header>
        <main id="main">
          <h1>${title}</h1>
          ${noticeBlock} ${main}
        </main>
      </body>
    </html> `.text;
}

export function loginForm(context: PageContext, email = ''): SafeHtml {
  const t = portalTranslator(context.language);
  return html`<p>${t('login.intro')}</p>
    <form method="post" action="${portalPrefix}/login" class="stack">
      ${csrfField(context)}
      <label
        >${t('login.email')}
        <input
          type="email"
          name="email"
          value="${email}"
          required
          maxlength="320"
          autocomplete="email"
        />
      </label>
      <button type="submit">${t('login.submit')}</button>
    </form>`;
}

export function signInForm(context: PageContext, token: string): SafeHtml {
  const t = portalTranslator(context.language);
  return html`<p>${t('link.intro')}</p>
    <form method="post" action="${portalPrefix}/sign-in" class="stack">
      ${csrfField(context)}
      <input type="hidden" name="token" value="${token}" />
      <button type="submit">${t('link.submit')}</button>
    </form>`;
}

export function askAgainLink(context: PageContext): SafeHtml {
  const t = portalTranslator(context.language);
  return html`<p><a href="${portalPrefix}/login">${t('link.again')}</a></p>`;
}

function monthName(year: number, month: number, locale: LocaleCode): string {
  return new Intl.DateTimeFormat(locale, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, month - 1, 1)));
}

function spendingTable(wallet: PortalWallet, t: PortalTranslate, locale: LocaleCode): SafeHtml {
  if (wallet.spending.length === 0) return html`<p>${t('wallet.noSpending')}</p>`;
  const amount = (minor: number) =>
    formatMoney(money(minor, wallet.currency as CurrencyCode), locale);
  const rows = wallet.spending.map(
    (year) =>
      html`${year.months.map(
          (month) =>
            html`<tr>
              <td>${monthName(month.year, month.month, locale)}</td>
              <td class="amount">${amount(month.spentMinor)}</td>
            </tr>`,
        )}
        <tr class="subtotal">
          <th scope="row">${t('wallet.yearTotal', { year: year.year })}</th>
          <th class="amount">${amount(year.spentMinor)}</th>
        </tr>`,
  );
  return html`<table id="spending">
      <thead>
        <tr>
          <th scope="col">${t('column.month')}</th>
          <th scope="col" class="amount">${t('column.spent')}</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
    <p class="muted">${t('wallet.spendingNote')}</p>`;
}

function entriesTable(
  wallet: PortalWallet,
  t: PortalTranslate,
  locale: LocaleCode,
  timeZone: string,
): SafeHtml {
  if (wallet.entries.length === 0) return html`<p>${t('wallet.noEntries')}</p>`;
  const currency = wallet.currency as CurrencyCode;
  const dates = new Intl.DateTimeFormat(locale, {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone,
  });
  const rows = wallet.entries.map(
    (entry) =>
      html`<tr>
        <td>${dates.format(new Date(entry.occurredAt))}</td>
        <td>${isMovementKind(entry.kind) ? t(movementKeys[entry.kind]) : entry.kind}</td>
        <td>${entry.customerName ?? ''}</td>
        <td class="amount${entry.amountMinor < 0 ? ' negative' : ''}">
          ${formatSignedMoney(money(entry.amountMinor, currency), locale)}
        </td>
        <td class="amount">${formatMoney(money(entry.balanceAfterMinor, currency), locale)}</td>
      </tr>`,
  );
  const older = wallet.hasOlderEntries
    ? html`<p class="muted">${t('wallet.olderEntries', { count: wallet.entries.length })}</p>`
    : html``;
  return html`<table id="entries">
      <thead>
        <tr>
          <th scope="col">${t('column.date')}</th>
          <th scope="col">${t('column.movement')}</th>
          <th scope="col">${t('column.member')}</th>
          <th scope="col" class="amount">${t('column.amount')}</th>
          <th scope="col" class="amount">${t('column.balanceAfter')}</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
    ${older}`;
}

export function walletMain(context: PageContext, wallet: PortalWallet, timeZone: string): SafeHtml {
  const t = portalTranslator(context.language);
  const locale = localeOf(context);
  const balance = formatMoney(money(wallet.balanceMinor, wallet.currency as CurrencyCode), locale);
  const household = wallet.householdName
    ? html`<p>
        ${t('wallet.household', {
          name: wallet.householdName,
          members: wallet.memberNames.join(', '),
        })}
      </p>`
    : html``;
  return html`<p>${t('wallet.hello', { name: wallet.customerName })}</p>
    <section aria-labelledby="balance-title">
      <h2 id="balance-title">${t('wallet.balance')}</h2>
      <p class="code" id="balance">${balance}</p>
      ${household}
    </section>
    <section aria-labelledby="spending-title">
      <h2 id="spending-title">${t('wallet.spending')}</h2>
      ${spendingTable(wallet, t, locale)}
    </section>
    <section aria-labelledby="entries-title">
      <h2 id="entries-title">${t('wallet.entries')}</h2>
      ${entriesTable(wallet, t, locale, timeZone)}
    </section>`;
}
