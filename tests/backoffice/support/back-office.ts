// A real ledger server with the back office on a real port, the seeded test store and one
// back-office user, plus a small client that behaves like a browser for these pages: it keeps
// cookies, does not follow redirects on its own (the tests look at them), and reads the CSRF
// token out of the forms it was served.
import type { AddressInfo } from 'node:net';
import { buildApp, type AppOptions } from '../../../server/http/app.ts';
import { createBackOfficeUser } from '../../../server/backoffice/users.ts';
import { createMemoryLogger } from '../../../shared/logger.ts';
import { openTestLedger, type Engine } from '../../support/databases.ts';
import { seedStore } from '../../support/store.ts';

export const userName = 'anne';
export const userPassword = 'correct horse battery staple';

export async function startBackOffice(
  engine: Engine,
  options: { backOffice?: AppOptions['backOffice']; now?: () => Date } = {},
) {
  const testLedger = await openTestLedger(engine, options.now ? { now: options.now } : {});
  const store = await seedStore(testLedger.ledger);
  const created = await createBackOfficeUser(
    testLedger.ledger.database,
    { name: userName, password: userPassword, language: 'en' },
    { userId: null, name: 'test' },
    testLedger.ledger.context.now,
  );
  if (!created.ok) throw new Error(`test user not made: ${created.reason}`);
  const { logger, records } = createMemoryLogger();
  const app = await buildApp({ ledger: testLedger.ledger, logger, backOffice: options.backOffice });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    ...testLedger,
    serverLogRecords: records,
    store,
    user: created.user,
    url: `http://127.0.0.1:${port}`,
    app,
    close: async () => {
      await app.close();
      await testLedger.close();
    },
  };
}

export type BackOffice = Awaited<ReturnType<typeof startBackOffice>>;

export interface PageResponse {
  status: number;
  location: string | null;
  body: string;
  headers: Headers;
}

export class PageClient {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly baseUrl: string,
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  private remember(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      const isExpired = /max-age=0|expires=thu, 01 jan 1970/i.test(header);
      if (isExpired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(
    method: 'GET' | 'POST',
    path: string,
    options: { form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<PageResponse> {
    const headers: Record<string, string> = { ...this.extraHeaders, ...options.headers };
    if (this.cookies.size > 0) headers.cookie = this.cookieHeader();
    let body: string | undefined;
    if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body,
      redirect: 'manual',
    });
    this.remember(response);
    return {
      status: response.status,
      location: response.headers.get('location'),
      body: await response.text(),
      headers: response.headers,
    };
  }

  /** The body as bytes: `text()` would drop a byte-order mark. */
  async getBytes(path: string): Promise<Uint8Array> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      headers: { ...this.extraHeaders, cookie: this.cookieHeader() },
      redirect: 'manual',
    });
    return new Uint8Array(await response.arrayBuffer());
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, { headers });
  }

  post(path: string, form: Record<string, string>) {
    return this.request('POST', path, { form });
  }

  /** Opens the page that holds the form, then posts it with that page's CSRF token. */
  async submit(pagePath: string, actionPath: string, fields: Record<string, string>) {
    const page = await this.get(pagePath);
    if (page.status !== 200) throw new Error(`${pagePath} answered ${page.status}`);
    return this.post(actionPath, { _csrf: csrfTokenIn(page.body), ...fields });
  }

  async login(name = userName, password = userPassword): Promise<PageResponse> {
    const page = await this.get('/backoffice/login');
    return this.post('/backoffice/login', { _csrf: csrfTokenIn(page.body), name, password });
  }
}

export function csrfTokenIn(body: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
  if (!token) throw new Error('no CSRF token in the page');
  return token;
}

/** Text of a page without its tags, with entities decoded, for readable assertions. */
export function textOf(body: string): string {
  return body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
}
