// Who may open the back office. A person signs in with a password checked against a slow salted
// hash; the session is a database row behind an HttpOnly, Secure, SameSite=Strict signed cookie,
// and signing out deletes it, so a copied cookie is worthless afterwards. Forged forms, guessing
// and till tokens must all be turned away without writing anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asNumber, one } from '../../server/storage/database.ts';
import { hashPassword, verifyPassword } from '../../server/backoffice/passwords.ts';
import { engines } from '../support/databases.ts';
import {
  csrfTokenIn,
  PageClient,
  startBackOffice,
  textOf,
  userName,
  userPassword,
  type BackOffice,
} from './support/back-office.ts';

async function count(server: BackOffice, sqlText: string, params: string[] = []) {
  const row = await server.ledger.database.read((sql) =>
    one<{ count: unknown }>(sql, sqlText, params),
  );
  return asNumber(row?.count ?? 0);
}

describe('back-office passwords', () => {
  it('stores a salted scrypt hash that verifies only the right password', async () => {
    const first = await hashPassword(userPassword);
    const second = await hashPassword(userPassword);
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('horse');
    expect(await verifyPassword(userPassword, first)).toBe(true);
    expect(await verifyPassword(userPassword, second)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', first)).toBe(false);
    expect(await verifyPassword(userPassword, 'scrypt$3$8$1$abc$def')).toBe(false);
    expect(await verifyPassword(userPassword, 'plain')).toBe(false);
  });
});

describe.each(engines)('back-office sign-in on %s', (engine) => {
  let server: BackOffice;

  beforeAll(async () => {
    server = await startBackOffice(engine, {
      backOffice: { loginAttemptsPerNameMax: 3, loginAttemptsPerAddressMax: 1000 },
    });
  });

  afterAll(() => server?.close());

  it('sends a visitor without a session to the sign-in page', async () => {
    const client = new PageClient(server.url);
    const home = await client.get('/backoffice/customers?q=alice');
    expect(home.status).toBe(303);
    expect(home.location).toBe('/backoffice/login?next=%2Fbackoffice%2Fcustomers%3Fq%3Dalice');
    expect(home.body).not.toContain('Alice');
  });

  it('signs in with the right password behind a strict, HttpOnly, signed cookie', async () => {
    const client = new PageClient(server.url);
    const response = await client.login();
    expect(response.status).toBe(303);
    expect(response.location).toBe('/backoffice');
    const sessionCookie = response.headers
      .getSetCookie()
      .find((header) => header.startsWith('caisse_backoffice='));
    expect(sessionCookie).toMatch(/HttpOnly/);
    expect(sessionCookie).toMatch(/Secure/);
    expect(sessionCookie).toMatch(/SameSite=Strict/);
    expect(sessionCookie).toMatch(/Path=\/backoffice/);

    const home = await client.get('/backoffice');
    expect(home.status).toBe(200);
    expect(textOf(home.body)).toContain(`Hello ${userName}.`);
    expect(home.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(home.headers.get('cache-control')).toBe('no-store');
    expect(home.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('goes back to the page asked for, but never to another site', async () => {
    const client = new PageClient(server.url);
    const page = await client.get('/backoffice/login?next=%2Fbackoffice%2Faudit');
    const token = csrfTokenIn(page.body);
    const response = await client.post('/backoffice/login', {
      _csrf: token,
      name: userName,
      password: userPassword,
      next: '/backoffice/audit',
    });
    expect(response.location).toBe('/backoffice/audit');

    for (const next of ['//evil.example/backoffice', 'https://evil.example', '/backoffice\\@x']) {
      const other = new PageClient(server.url);
      const form = await other.get('/backoffice/login');
      const answer = await other.post('/backoffice/login', {
        _csrf: csrfTokenIn(form.body),
        name: userName,
        password: userPassword,
        next,
      });
      expect(answer.location, next).toBe('/backoffice');
    }
  });

  it.each([
    ['a wrong password', userName, 'not the password at all'],
    ['an unknown name', 'nobody', userPassword],
    ['an empty password', userName, ''],
  ])('refuses %s with one message and no session', async (_label, name, password) => {
    const before = await count(server, 'SELECT COUNT(*) AS count FROM backoffice_sessions');
    const client = new PageClient(server.url, { 'accept-language': 'en' });
    const response = await client.login(name, password);
    expect(response.status).toBe(401);
    expect(textOf(response.body)).toContain('Wrong user name or password.');
    expect(client.cookies.has('caisse_backoffice')).toBe(false);
    expect(await count(server, 'SELECT COUNT(*) AS count FROM backoffice_sessions')).toBe(before);
    // The failure does not let the client in.
    expect((await client.get('/backoffice')).status).toBe(303);
  });

  it('speaks French by default and English when the browser asks for it', async () => {
    const french = await new PageClient(server.url).get('/backoffice/login');
    expect(french.body).toContain('<html lang="fr">');
    expect(textOf(french.body)).toContain('Mot de passe');
    const english = await new PageClient(server.url, {
      'accept-language': 'en-GB,en;q=0.9,fr;q=0.5',
    }).get('/backoffice/login');
    expect(english.body).toContain('<html lang="en">');
    expect(textOf(english.body)).toContain('Password');
  });

  it('refuses a sign-in form posted without the token of the sign-in page', async () => {
    const client = new PageClient(server.url);
    const withoutCookie = await client.post('/backoffice/login', {
      _csrf: 'made-up',
      name: userName,
      password: userPassword,
    });
    expect(withoutCookie.status).toBe(403);
    expect(client.cookies.has('caisse_backoffice')).toBe(false);

    await client.get('/backoffice/login');
    const wrongToken = await client.post('/backoffice/login', {
      _csrf: 'x'.repeat(43),
      name: userName,
      password: userPassword,
    });
    expect(wrongToken.status).toBe(403);
    expect(client.cookies.has('caisse_backoffice')).toBe(false);
  });

  it('destroys the session at sign-out: the old cookie opens nothing any more', async () => {
    const client = new PageClient(server.url);
    await client.login();
    const home = await client.get('/backoffice');
    const token = csrfTokenIn(home.body);
    const stolenCookies = new Map(client.cookies);
    const sessionsBefore = await count(server, 'SELECT COUNT(*) AS count FROM backoffice_sessions');

    const logout = await client.post('/backoffice/logout', { _csrf: token });
    expect(logout.status).toBe(303);
    expect(logout.location).toBe('/backoffice/login?signedOut=1');
    expect(client.cookies.has('caisse_backoffice')).toBe(false);
    expect(await count(server, 'SELECT COUNT(*) AS count FROM backoffice_sessions')).toBe(
      sessionsBefore - 1,
    );

    const replay = new PageClient(server.url);
    for (const [name, value] of stolenCookies) replay.cookies.set(name, value);
    const page = await replay.get('/backoffice');
    expect(page.status).toBe(303);
    expect(page.location).toMatch(/^\/backoffice\/login/);
    const languageBefore = await count(
      server,
      "SELECT COUNT(*) AS count FROM backoffice_audit WHERE action = 'language_changed'",
    );
    const post = await replay.post('/backoffice/profile', { _csrf: token, language: 'fr' });
    expect(post.status).toBe(401);
    expect(
      await count(
        server,
        "SELECT COUNT(*) AS count FROM backoffice_audit WHERE action = 'language_changed'",
      ),
    ).toBe(languageBefore);
  });

  it('refuses a session cookie whose signature was tampered with', async () => {
    const client = new PageClient(server.url);
    await client.login();
    const cookie = client.cookies.get('caisse_backoffice') ?? '';
    const [id] = cookie.split('.');
    client.cookies.set('caisse_backoffice', `${id}.forgedsignature`);
    expect((await client.get('/backoffice')).status).toBe(303);
    client.cookies.set('caisse_backoffice', id ?? '');
    expect((await client.get('/backoffice')).status).toBe(303);
  });

  it('records each sign-in and sign-out in the audit trail', async () => {
    const before = await count(
      server,
      "SELECT COUNT(*) AS count FROM backoffice_audit WHERE action IN ('login', 'logout') " +
        'AND user_id = ?',
      [server.user.id],
    );
    const client = new PageClient(server.url);
    await client.login();
    const home = await client.get('/backoffice');
    await client.post('/backoffice/logout', { _csrf: csrfTokenIn(home.body) });
    const after = await count(
      server,
      "SELECT COUNT(*) AS count FROM backoffice_audit WHERE action IN ('login', 'logout') " +
        'AND user_id = ?',
      [server.user.id],
    );
    expect(after).toBe(before + 2);
  });

  it('limits failed sign-ins per name, even when the right password comes next', async () => {
    // A second user, so the limit of this test does not lock the others out.
    const { createBackOfficeUser } = await import('../../server/backoffice/users.ts');
    await createBackOfficeUser(
      server.ledger.database,
      { name: 'Bruno', password: 'another long password' },
      { userId: null, name: 'test' },
      () => new Date(),
    );
    const client = new PageClient(server.url, { 'accept-language': 'en' });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await client.login('bruno', 'guess number one')).status).toBe(401);
    }
    const limited = await client.login('BRUNO', 'another long password');
    expect(limited.status).toBe(429);
    expect(textOf(limited.body)).toMatch(/Too many sign-in attempts\. Try again in \d+ minute/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(client.cookies.has('caisse_backoffice')).toBe(false);

    // Another name from the same address is not locked by bruno's failures.
    expect((await new PageClient(server.url).login()).status).toBe(303);
  });
});

describe.each(engines)('back-office sign-in limits per address on %s', (engine) => {
  let server: BackOffice;

  beforeAll(async () => {
    server = await startBackOffice(engine, {
      backOffice: { loginAttemptsPerAddressMax: 4, loginAttemptsPerNameMax: 100 },
    });
  });

  afterAll(() => server?.close());

  it('stops one address that tries many names', async () => {
    const client = new PageClient(server.url, { 'accept-language': 'en' });
    for (const name of ['a1', 'a2', 'a3', 'a4']) {
      expect((await client.login(name, 'guessing')).status).toBe(401);
    }
    const limited = await client.login();
    expect(limited.status).toBe(429);
    expect(client.cookies.has('caisse_backoffice')).toBe(false);
  });
});

describe.each(engines)('till tokens and the back office on %s', (engine) => {
  let server: BackOffice;

  beforeAll(async () => {
    server = await startBackOffice(engine);
  });

  afterAll(() => server?.close());

  it('never lets a till token open a back-office page or post a form', async () => {
    const till = new PageClient(server.url, {
      authorization: `Bearer ${server.store.token}`,
    });
    // The token is a real one: the sync API accepts it.
    const pull = await fetch(`${server.url}/v1/pull?cursor=0&limit=10`, {
      headers: { authorization: `Bearer ${server.store.token}` },
    });
    expect(pull.status).toBe(200);

    for (const path of [
      '/backoffice',
      '/backoffice/customers',
      `/backoffice/customers/${server.store.alice.id}`,
      '/backoffice/audit',
      '/backoffice/reports',
      '/backoffice/export.csv',
      '/backoffice/tills',
    ]) {
      const page = await till.get(path);
      expect(page.status, path).toBe(303);
      expect(page.location, path).toMatch(/^\/backoffice\/login/);
    }
    const entriesBefore = await count(server, 'SELECT COUNT(*) AS count FROM entries');
    const post = await till.post(`/backoffice/customers/${server.store.alice.id}/adjustment`, {
      direction: 'credit',
      amount: '10',
      reason: 'from a till',
    });
    expect(post.status).toBe(401);
    expect(await count(server, 'SELECT COUNT(*) AS count FROM entries')).toBe(entriesBefore);
  });
});
