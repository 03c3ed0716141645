// The frame of every back-office page: language, title, navigation, the signed-in user with the
// sign-out button, a notice, the page's own content. Pages are plain server-rendered HTML with
// one small stylesheet and no script, so they work with any browser and a screen reader.
import type { FastifyReply } from 'fastify';
import { html, raw, type SafeHtml } from './html.ts';
import { translator, type Language, type MessageKey } from './i18n.ts';
import type { Notice } from './sessions.ts';
import type { BackOfficeUser } from './users.ts';

export const backOfficePrefix = '/backoffice';
export const stylesheetPath = `${backOfficePrefix}/assets/style.css`;

/** A link in the navigation bar; pages added by other modules give their label per language. */
export interface NavigationItem {
  href: string;
  labels: Record<Language, string>;
}

export interface PageView {
  language: Language;
  /** Null on the pages shown before sign-in. */
  user: BackOfficeUser | null;
  csrfToken: string | null;
  navigation: readonly NavigationItem[];
  notice: Notice | null;
}

export interface PageOptions {
  title: string;
  main: SafeHtml;
  /** The navigation link to mark as the current page. */
  activeHref?: string;
  status?: number;
  /** Shown above the content, after the session's own notice. */
  notice?: Notice | null;
}

const coreNavigation: { href: string; key: MessageKey }[] = [
  { href: `${backOfficePrefix}/customers`, key: 'nav.customers' },
  { href: `${backOfficePrefix}/wallet-entries`, key: 'nav.entries' },
  { href: `${backOfficePrefix}/reports`, key: 'nav.reports' },
  { href: `${backOfficePrefix}/till-sessions`, key: 'nav.tillSessions' },
  { href: `${backOfficePrefix}/export`, key: 'nav.export' },
  { href: `${backOfficePrefix}/tills`, key: 'nav.tills' },
  { href: `${backOfficePrefix}/audit`, key: 'nav.audit' },
  { href: `${backOfficePrefix}/settings/account-codes`, key: 'nav.settings' },
];

export function csrfInput(token: string | null): SafeHtml {
  return token ? html`<input type="hidden" name="_csrf" value="${token}" />` : html``;
}

function noticeBlock(notice: Notice | null | undefined): SafeHtml {
  if (!notice) return html``;
  // An error interrupts (alert); a success is announced politely (status).
  const role = notice.kind === 'error' ? 'alert' : 'status';
  return html`<p class="notice notice-${notice.kind}" role="${role}">${notice.text}</p>`;
}

function navigationBar(view: PageView, activeHref: string | undefined): SafeHtml {
  if (!view.user) return html``;
  const t = translator(view.language);
  const items = [
    ...coreNavigation.map((item) => ({ href: item.href, label: t(item.key) })),
    ...view.navigation.map((item) => ({ href: item.href, label: item.labels[view.language] })),
  ];
  const links = items.map((item) =>
    item.href === activeHref
      ? html`<li><a href="${item.href}" aria-current="page">${item.label}</a></li>`
      : html`<li><a href="${item.href}">${item.label}</a></li>`,
  );
  return html`<nav aria-label="${t('nav.main')}">
      <ul class="nav">
        ${links}
      </ul>
    </nav>
    <div class="user">
      <a href="${backOfficePrefix}/profile">${view.user.name}</a>
      <form method="post" action="${backOfficePrefix}/logout" class="inline">
        ${csrfInput(view.csrfToken)}
        <button type="submit" class="link">${t('nav.logout')}</button>
      </form>
    </div>`;
}

export function renderPage(view: PageView, options: PageOptions): string {
  const t = translator(view.language);
  const page = html`<!doctype html>
    <html lang="${view.language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title} · ${t('app.name')}</title>
        <link rel="stylesheet" href="${stylesheetPath}" />
      </head>
      <body>
        <a class="skip" href="#main">${t('nav.skip')}</a>
        <header class="top">
          <a class="brand" href="${backOfficePrefix}">${t('app.name')}</a>
          ${navigationBar(view, options.activeHref)}
        </header>
        <main id="main" tabindex="-1">
          <h1>${options.title}</h1>
          ${noticeBlock(view.notice)}${noticeBlock(options.notice)} ${options.main}
        </main>
      </body>
    </html> `;
  return page.text;
}

const securityHeaders: Record<string, string> = {
  // No script at all, styles only from here, forms only to here, never inside a frame.
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  // Pages show balances and names: no shared or back-button cache may keep them.
  'cache-control': 'no-store',
};

export function applySecurityHeaders(reply: FastifyReply): void {
  for (const [name, value] of Object.entries(securityHeaders)) reply.header(name, value);
}

export function sendHtml(reply: FastifyReply, text: string, status = 200): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(text);
}

/** The stylesheet: small, high-contrast, with visible focus, readable on a phone. */
export const stylesheet = raw(`
:root { --ink: #1b1f24; --muted: #55606e; --line: #d0d7de; --accent: #0b5cad;
  --good: #116329; --bad: #a40e26; --paper: #ffffff; --wash: #f4f6f8; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--ink); background: var(--wash); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 8px; top: 8px; background: var(--paper); padding: 4px 8px; z-index: 1; }
.top { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 24px; padding: 8px 16px;
  background: var(--paper); border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; text-decoration: none; color: var(--ink); }
.nav { display: flex; flex-wrap: wrap; gap: 4px 16px; list-style: none; margin: 0; padding: 0; }
.nav a[aria-current="page"] { font-weight: 700; text-decoration: none; color: var(--ink); }
.user { margin-left: auto; display: flex; gap: 12px; align-items: center; }
main { max-width: 1100px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.6rem; margin: 8px 0 16px; }
h2 { font-size: 1.2rem; margin: 24px 0 8px; }
section, .card { background: var(--paper); border: 1px solid var(--line); border-radius: 6px;
  padding: 12px 16px; margin-bottom: 16px; }
table { border-collapse: collapse; width: 100%; background: var(--paper); }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
th { font-weight: 600; background: var(--wash); }
td.amount, th.amount { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.negative { color: var(--bad); }
form.stack { display: grid; gap: 10px; max-width: 420px; }
form.row { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: end; }
form.inline { display: inline; }
label { display: grid; gap: 4px; font-weight: 600; }
label.check { display: flex; gap: 6px; align-items: center; font-weight: 400; }
fieldset { border: 1px solid var(--line); border-radius: 6px; }
input, select, textarea, button { font: inherit; }
input, select, textarea { padding: 6px 8px; border: 1px solid var(--muted); border-radius: 4px;
  background: var(--paper); color: var(--ink); }
button { padding: 6px 14px; border: 1px solid var(--accent); border-radius: 4px;
  background: var(--accent); color: #fff; cursor: pointer; }
button.link { background: none; border: none; color: var(--accent); padding: 0;
  text-decoration: underline; }
.notice { padding: 8px 12px; border-radius: 4px; border: 1px solid; }
.notice-success { border-color: var(--good); color: var(--good); background: #eef8f0; }
.notice-error { border-color: var(--bad); color: var(--bad); background: #fdf0f1; }
.muted { color: var(--muted); }
.reference { font-family: ui-monospace, monospace; font-size: 1.1rem; }
.code { font-family: ui-monospace, monospace; font-size: 2rem; letter-spacing: 0.1em; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.pager { display: flex; gap: 16px; margin-top: 8px; }
tr.mismatch td, tr.mismatch th { background: #fdf0f1; color: var(--bad); font-weight: 700; }
`);
