// The back office in a real browser (Debian's headless Chromium through playwright-core): sign
// in, find a customer, book an adjustment, sign out. This is what the HTTP suites cannot see:
// that the Secure, SameSite=Strict cookie is kept and sent by a browser, that the forms carry
// their tokens, that the stylesheet passes the Content-Security-Policy, and that the pages
// follow the browser's language until the user's own setting takes over.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackOffice, userName, userPassword, type BackOffice } from './support/back-office.ts';

const chromiumPath = process.env.CAISSE_TEST_CHROMIUM ?? '/usr/bin/chromium';
const suiteTimeoutMs = 120_000;

describe('the back office in Chromium', { timeout: suiteTimeoutMs }, () => {
  let server: BackOffice;
  let profileFolder: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startBackOffice('sqlite');
    profileFolder = mkdtempSync(join(tmpdir(), 'caisse-backoffice-chromium-'));
    context = await chromium.launchPersistentContext(profileFolder, {
      executablePath: chromiumPath,
      headless: true,
      locale: 'fr-BE',
      args: [
        // The test machine runs as root in a container, where Chromium's sandbox cannot start.
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
  }, suiteTimeoutMs);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profileFolder) rmSync(profileFolder, { recursive: true, force: true });
  });

  it('signs in, finds a customer, books an adjustment and signs out', async () => {
    await page.goto(`${server.url}/backoffice/customers`);
    expect(new URL(page.url()).pathname).toBe('/backoffice/login');
    // Before sign-in the page follows the browser: French.
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Connexion');
    // The stylesheet is allowed by the page's Content-Security-Policy and applied.
    expect(
      await page.locator('header.top').evaluate((node) => getComputedStyle(node).display),
    ).toBe('flex');

    await page.getByLabel('Identifiant').fill(userName);
    await page.getByLabel('Mot de passe').fill(userPassword);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL('**/backoffice/customers');
    const cookies = await context.cookies(`${server.url}/backoffice`);
    const session = cookies.find((cookie) => cookie.name === 'caisse_backoffice');
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' });

    // Signed in, the user's own language (English) wins over the browser's.
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByLabel('Search (name, e-mail, card, reference)').fill('dupont');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Alice Dupont' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Customer: Alice Dupont');

    const form = page.locator('form[action$="/adjustment"]');
    await form.getByLabel('Credit the wallet').check();
    await form.getByLabel('Amount (EUR)').fill('7.25');
    await form.getByLabel('Reason (required)').fill('Geste commercial');
    await form.getByRole('button', { name: 'Book the adjustment' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain('Adjustment of €7.25 booked. New balance: €107.25.');
    const alice = await server.ledger.readCustomer(server.store.alice.id);
    expect(alice?.walletBalanceMinor).toBe(10_725);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/backoffice/login?signedOut=1');
    expect(await page.getByRole('status').textContent()).toContain('Vous êtes déconnecté.');
    await page.goto(`${server.url}/backoffice/customers/${server.store.alice.id}`);
    expect(new URL(page.url()).pathname).toBe('/backoffice/login');
  });

  it('refuses a form without its token even from a signed-in browser', async () => {
    await context.clearCookies();
    await page.goto(`${server.url}/backoffice/login`);
    await page.getByLabel('Identifiant').fill(userName);
    await page.getByLabel('Mot de passe').fill(userPassword);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL('**/backoffice');
    await page.goto(`${server.url}/backoffice/customers/${server.store.alice.id}`);
    // A page that lost its token, as a forged form would be.
    await page.locator('form[action$="/adjustment"] input[name="_csrf"]').evaluate((input) => {
      input.remove();
    });
    const form = page.locator('form[action$="/adjustment"]');
    await form.getByLabel('Amount (EUR)').fill('500');
    await form.getByLabel('Reason (required)').fill('Sans jeton');
    await form.getByRole('button', { name: 'Book the adjustment' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Form refused');
    const alice = await server.ledger.readCustomer(server.store.alice.id);
    expect(alice?.walletBalanceMinor).toBe(10_725);
  });
});
