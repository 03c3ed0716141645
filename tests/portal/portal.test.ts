// The customer portal over HTTP with a real SMTP server: a customer signs in with the link
// mailed to them and sees their household's wallet and no other; the request page says the
// same whether the address is known or not; a link works once and for twenty minutes; a form
// posted without the page's token does nothing; signing out ends the session for good.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageClient, csrfTokenIn, textOf } from '../backoffice/support/back-office.ts';
import { asNumber } from '../../server/storage/database.ts';
import { engines } from '../support/databases.ts';
import { line, makeOrder, pay, seedStore, type SeededStore } from '../support/store.ts';
import { signInPathIn, startPortal } from './support.ts';

type Portal = Awaited<ReturnType<typeof startPortal>>;

describe.each(engines)('the customer portal on %s', (engine) => {
  let portal: Portal;
  let store: SeededStore;
  let mailsSeen = 0;

  beforeAll(async () => {
    portal = await startPortal(engine);
    const { ledger } = portal;
    store = await seedStore(ledger, { walletBalanceMinor: 0 });
    const lambert = await ledger.createHousehold({ name: 'Lambert' });
    const claire = await ledger.createCustomer({
      name: 'Claire Lambert',
      email: 'Claire.Lambert@example.be',
      householdId: lambert.id,
      isWalletUser: true,
    });
    await ledger.createCustomer({
      name: 'Hugo Lambert',
      email: 'hugo@example.be',
      householdId: lambert.id,
      isWalletUser: true,
    });
    const other = await ledger.createCustomer({
      name: 'Zoé Voisine',
      email: 'zoe@example.be',
      isWalletUser: true,
    });
    for (const [customerId, amountMinor] of [
      [claire.id, 6_000],
      [other.id, 99_900],
    ] as const) {
      await ledger.bookWalletTransfer({
        kind: 'bank_top_up',
        customerId,
        amountMinor,
        description: 'Virement',
      });
    }
    await ledger.push(store.till, [
      makeOrder({
        customerId: claire.id,
        createdAt: '2026-03-30T10:00:00.000Z',
        lines: [line(store.soap, 1000)],
        payments: [pay(store.wallet, 1_250)],
      }),
    ]);
  });
  afterAll(() => portal.close());

  async function requestLink(client: PageClient, email: string) {
    const page = await client.get('/portal/login');
    return client.post('/portal/login', { _csrf: csrfTokenIn(page.body), email });
  }

  async function nextMailLink(): Promise<string> {
    mailsSeen += 1;
    const messages = await portal.smtp.waitFor(mailsSeen);
    return signInPathIn(messages[mailsSeen - 1] as (typeof messages)[number]);
  }

  async function signIn(client: PageClient, path: string) {
    const page = await client.get(path);
    const token = /name="token" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    return client.post('/portal/sign-in', { _csrf: csrfTokenIn(page.body), token });
  }

  async function linkCount(): Promise<number> {
    const rows = await portal.ledger.database.read((sql) =>
      sql.all<{ count: unknown }>('SELECT COUNT(*) AS count FROM portal_sign_in_links'),
    );
    return asNumber(rows[0]?.count ?? 0);
  }

  it('answers a known and an unknown address alike, and mails only the known', async () => {
    const client = new PageClient(portal.url);
    const known = await requestLink(client, 'claire.lambert@EXAMPLE.be');
    const unknown = await requestLink(client, 'nobody@example.be');
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(unknown.body).toBe(known.body);
    expect(textOf(known.body)).toContain('un lien de connexion vient d’y être envoyé');

    const path = await nextMailLink();
    const mail = portal.smtp.messages[0];
    expect(mail?.to.map((address) => address.toLowerCase())).toEqual(['claire.lambert@example.be']);
    expect(path).toMatch(/^\/portal\/sign-in\?token=/);
    expect(mail?.raw).toContain('portal.laruche.test');
    // Nothing else arrives: the unknown address got no mail.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(portal.smtp.messages).toHaveLength(1);

    const signedIn = await signIn(client, path);
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe('/portal');
    const cookie = signedIn.headers
      .getSetCookie()
      .find((header) => header.startsWith('caisse_portal_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/portal/i);
    expect(cookie).not.toMatch(/Secure/i);

    const wallet = await client.get('/portal');
    const text = textOf(wallet.body);
    expect(wallet.status).toBe(200);
    expect(text).toContain('Bonjour Claire Lambert.');
    expect(text).toMatch(/Solde du portefeuille 47,50\s€/);
    expect(text).toContain('Claire Lambert, Hugo Lambert');
    expect(text).toMatch(/mars 2026 12,50\s€/);
    expect(text).toMatch(/Total 2026 12,50\s€/);
    expect(text).not.toContain('Zoé');
    expect(text).not.toMatch(/999,00/);

    // The link is spent: a second use is refused and opens nothing.
    const again = await signIn(new PageClient(portal.url), path);
    expect(again.status).toBe(400);
    expect(textOf(again.body)).toContain('Ce lien de connexion a déjà servi.');
  });

  it('shows a household member the shared wallet, never another household’s', async () => {
    const client = new PageClient(portal.url);
    await requestLink(client, 'hugo@example.be');
    expect((await signIn(client, await nextMailLink())).status).toBe(303);
    const page = textOf((await client.get('/portal')).body);
    expect(page).toContain('Bonjour Hugo Lambert.');
    expect(page).toMatch(/Solde du portefeuille 47,50\s€/);
    // No parameter points the page at another wallet.
    const zoe = await portal.ledger.database.read((sql) =>
      sql.all<{ id: string; wallet_id: string }>(
        "SELECT id, wallet_id FROM customers WHERE name = 'Zoé Voisine'",
      ),
    );
    const probe = await client.get(
      `/portal?customerId=${zoe[0]?.id ?? ''}&walletId=${zoe[0]?.wallet_id ?? ''}`,
    );
    expect(textOf(probe.body)).toContain('Bonjour Hugo Lambert.');
    expect(textOf(probe.body)).not.toContain('999,00');
  });

  it('refuses a link after twenty minutes', async () => {
    const client = new PageClient(portal.url);
    await requestLink(client, 'zoe@example.be');
    const path = await nextMailLink();
    portal.clock.advanceMinutes(21);
    const late = await signIn(client, path);
    expect(late.status).toBe(400);
    expect(textOf(late.body)).toContain('Ce lien de connexion a expiré.');
    expect((await client.get('/portal')).location).toBe('/portal/login');
  });

  it('sends nobody to the wallet without a session or with a forged cookie', async () => {
    const client = new PageClient(portal.url);
    expect((await client.get('/portal')).location).toBe('/portal/login');
    client.cookies.set('caisse_portal_session', 'x'.repeat(43));
    expect((await client.get('/portal')).location).toBe('/portal/login');
  });

  it('does nothing for a form posted without the page’s token', async () => {
    const before = await linkCount();
    const forger = new PageClient(portal.url);
    const noToken = await forger.post('/portal/login', { email: 'zoe@example.be' });
    expect(noToken.status).toBe(403);
    expect(textOf(noToken.body)).toContain('rien n’a été fait');
    await forger.get('/portal/login');
    const wrongToken = await forger.post('/portal/login', {
      _csrf: 'A'.repeat(43),
      email: 'zoe@example.be',
    });
    expect(wrongToken.status).toBe(403);
    expect(await linkCount()).toBe(before);

    // A real link, posted without the token, is not spent: the customer can still use it.
    const client = new PageClient(portal.url);
    await requestLink(client, 'zoe@example.be');
    const path = await nextMailLink();
    const token = new URLSearchParams(path.split('?')[1]).get('token') ?? '';
    const forged = await new PageClient(portal.url).post('/portal/sign-in', { token });
    expect(forged.status).toBe(403);
    expect((await signIn(client, path)).status).toBe(303);
  });

  it('ends the session on sign-out; the old cookie opens nothing', async () => {
    const client = new PageClient(portal.url);
    await requestLink(client, 'hugo@example.be');
    expect((await signIn(client, await nextMailLink())).status).toBe(303);
    const stolen = client.cookies.get('caisse_portal_session') ?? '';
    const page = await client.get('/portal');
    const out = await client.post('/portal/logout', { _csrf: csrfTokenIn(page.body) });
    expect(out.status).toBe(303);
    expect(out.location).toBe('/portal/login?signedOut=1');
    const replay = new PageClient(portal.url);
    replay.cookies.set('caisse_portal_session', stolen);
    expect((await replay.get('/portal')).location).toBe('/portal/login');
  });

  it('speaks English when asked and remembers it', async () => {
    const client = new PageClient(portal.url);
    const signInPage = await client.get('/portal/sign-in?token=abc');
    expect(signInPage.body).toContain('href="/portal/sign-in?token=abc&amp;lang=en"');
    const page = await client.get('/portal/login?lang=en');
    expect(textOf(page.body)).toContain('Send me a sign-in link');
    expect(textOf((await client.get('/portal/login')).body)).toContain('Send me a sign-in link');
    const accept = await new PageClient(portal.url).get('/portal/login', {
      'accept-language': 'en-GB,en;q=0.9',
    });
    expect(accept.body).toContain('<html lang="en">');
  });

  it.each([
    ['not an address', 'claire'],
    ['an address with a space', 'claire lambert@example.be'],
    ['an address too long', `${'a'.repeat(320)}@example.be`],
  ])('refuses %s with a message and makes no link', async (_name, email) => {
    const before = await linkCount();
    const response = await requestLink(new PageClient(portal.url), email);
    expect(response.status).toBe(400);
    expect(textOf(response.body)).toContain('Cette adresse e-mail n’est pas valide.');
    expect(await linkCount()).toBe(before);
  });

  it('slows down one address asking for links again and again', async () => {
    const client = new PageClient(portal.url);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 8; attempt += 1) {
      statuses.push((await requestLink(client, 'nobody@example.be')).status);
    }
    expect(statuses).toContain(429);
  });
});

describe('the portal behind https', () => {
  it('marks its cookies Secure', async () => {
    const portal = await startPortal('sqlite', { publicUrl: 'https://portal.laruche.test' });
    try {
      const page = await new PageClient(portal.url).get('/portal/login');
      const cookies = page.headers.getSetCookie();
      expect(cookies.length).toBeGreaterThan(0);
      for (const cookie of cookies) expect(cookie).toMatch(/; Secure/i);
    } finally {
      await portal.close();
    }
  });
});
