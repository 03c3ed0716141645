// Pairing a new till: a one-time code made in the back office is exchanged by the till for its
// id and token. The token must work on the sync API; a code used, expired, unknown or guessed
// too often must be refused with a machine-readable reason and create no till.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asNumber, one } from '../../server/storage/database.ts';
import { engines } from '../support/databases.ts';
import { PageClient, startBackOffice, textOf, type BackOffice } from './support/back-office.ts';

async function pair(server: BackOffice, body: unknown, contentType = 'application/json') {
  const response = await fetch(`${server.url}/v1/tills/pair`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const json = (await response.json()) as {
    tillId?: string;
    tillName?: string;
    token?: string;
    error?: { code: string; message: string };
  };
  return { status: response.status, json };
}

async function tillCount(server: BackOffice): Promise<number> {
  const row = await server.ledger.database.read((sql) =>
    one<{ count: unknown }>(sql, 'SELECT COUNT(*) AS count FROM tills'),
  );
  return asNumber(row?.count);
}

async function makeCode(client: PageClient): Promise<string> {
  const response = await client.submit('/backoffice/tills', '/backoffice/tills/pairing-codes', {});
  expect(response.status).toBe(200);
  const code = /id="pairing-code"\s*>\s*([^<\s]+)\s*</.exec(response.body)?.[1];
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  return code ?? '';
}

describe.each(engines)('till pairing on %s', (engine) => {
  let server: BackOffice;
  let client: PageClient;
  let nowMs = Date.parse('2026-05-01T08:00:00Z');

  beforeAll(async () => {
    server = await startBackOffice(engine, { now: () => new Date(nowMs) });
    client = new PageClient(server.url);
    await client.login();
  });

  afterAll(() => server?.close());

  it('gives the till an id and a token the sync API accepts, once', async () => {
    const code = await makeCode(client);
    const tillsBefore = await tillCount(server);
    const answer = await pair(server, { code, tillName: 'Caisse du marché' });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ tillName: 'Caisse du marché' });
    const token = String(answer.json.token);
    expect(await tillCount(server)).toBe(tillsBefore + 1);

    const pull = await fetch(`${server.url}/v1/pull?cursor=0&limit=10`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(pull.status).toBe(200);
    expect(textOf((await client.get('/backoffice/tills')).body)).toContain('Caisse du marché');

    const again = await pair(server, { code, tillName: 'Caisse volée' });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: 'pairing_code_used' });
    expect(await tillCount(server)).toBe(tillsBefore + 1);

    const audit = await server.ledger.database.read((sql) =>
      sql.all<{ action: string; actor_name: string; target_id: string | null }>(
        "SELECT action, actor_name, target_id FROM backoffice_audit WHERE action LIKE 'till_%' " +
          'ORDER BY id',
      ),
    );
    expect(audit.map((row) => [row.action, row.actor_name])).toEqual([
      ['till_pairing_code_created', 'anne'],
      ['till_paired', 'anne'],
    ]);
    expect(audit[1]?.target_id).toBe(answer.json.tillId);
  });

  it('accepts the code as people type it: lower case, with or without the dash', async () => {
    const code = await makeCode(client);
    const answer = await pair(server, {
      code: ` ${code.replace('-', ' ').toLowerCase()} `,
      tillName: 'Caisse 3',
    });
    expect(answer.status).toBe(200);
  });

  it('refuses an expired code, and lets only one of two racing tills in', async () => {
    const expired = await makeCode(client);
    nowMs += 16 * 60_000;
    const tillsBefore = await tillCount(server);
    const late = await pair(server, { code: expired, tillName: 'Trop tard' });
    expect(late.status).toBe(410);
    expect(late.json.error).toMatchObject({ code: 'pairing_code_expired' });
    expect(await tillCount(server)).toBe(tillsBefore);

    const code = await makeCode(client);
    const answers = await Promise.all([
      pair(server, { code, tillName: 'Première' }),
      pair(server, { code, tillName: 'Seconde' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(await tillCount(server)).toBe(tillsBefore + 1);
  });

  it.each([
    ['an unknown code', { code: 'ABCD-EFGH', tillName: 'X' }, 404, 'pairing_code_unknown'],
    ['no till name', { code: 'ABCD-EFGH' }, 400, 'invalid_body'],
    ['a blank till name', { code: 'ABCD-EFGH', tillName: '   ' }, 400, 'invalid_body'],
    ['a long till name', { code: 'ABCD-EFGH', tillName: 'x'.repeat(101) }, 400, 'invalid_body'],
    ['a code that is not text', { code: 12345678, tillName: 'X' }, 400, 'invalid_body'],
    ['not JSON', '{"code":', 400, 'invalid_json'],
  ])('refuses %s with a reason', async (_label, body, status, reason) => {
    const tillsBefore = await tillCount(server);
    const answer = await pair(server, body);
    expect(answer.status).toBe(status);
    expect(answer.json.error).toMatchObject({ code: reason });
    expect(await tillCount(server)).toBe(tillsBefore);
  });

  it('makes no code from a forged form', async () => {
    const before = await server.ledger.database.read((sql) =>
      one<{ count: unknown }>(sql, 'SELECT COUNT(*) AS count FROM till_pairing_codes'),
    );
    const response = await client.post('/backoffice/tills/pairing-codes', {});
    expect(response.status).toBe(403);
    const after = await server.ledger.database.read((sql) =>
      one<{ count: unknown }>(sql, 'SELECT COUNT(*) AS count FROM till_pairing_codes'),
    );
    expect(asNumber(after?.count)).toBe(asNumber(before?.count));
  });

  it('is described in the OpenAPI document', async () => {
    interface JsonContent {
      content: { 'application/json': { schema: { required?: string[]; properties?: object } } };
    }
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          { security: unknown[]; requestBody: JsonContent; responses: Record<string, JsonContent> }
        >
      >;
    };
    const operation = document.paths['/v1/tills/pair']?.post;
    expect(operation?.security).toEqual([]);
    expect(operation?.requestBody.content['application/json'].schema.required).toEqual([
      'code',
      'tillName',
    ]);
    const answer = operation?.responses['200']?.content['application/json'].schema;
    expect(Object.keys(answer?.properties ?? {})).toEqual(['tillId', 'tillName', 'token']);
  });
});

describe.each(engines)('pairing attempts on %s', (engine) => {
  let server: BackOffice;

  beforeAll(async () => {
    server = await startBackOffice(engine);
  });

  afterAll(() => server?.close());

  it('stops an address that guesses codes', async () => {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect((await pair(server, { code: `GUESS${attempt}AA`, tillName: 'X' })).status).toBe(404);
    }
    const limited = await pair(server, { code: 'GUESSAAA', tillName: 'X' });
    expect(limited.status).toBe(429);
    expect(limited.json.error).toMatchObject({ code: 'too_many_attempts' });
  });
});
