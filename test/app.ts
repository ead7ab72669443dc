import assert from 'node:assert/strict';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../src/server/app.ts';
import type { Database } from '../src/server/db/database.ts';
import { type Config, testConfig } from '../src/server/lib/config.ts';
import { createTestDatabase } from './db.ts';
import type { PersonFixture } from './factories.ts';

export interface TestContext {
  app: FastifyInstance;
  database: Database;
  db: Database['db'];
  close(): Promise<void>;
}

/** A Préau app on a fresh, migrated, empty database. */
export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestContext> {
  const database = await createTestDatabase();
  const app = await buildApp({ db: database.db, config: testConfig(overrides), logger: false });
  await app.ready();
  return {
    app,
    database,
    db: database.db,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export interface Session {
  cookie: string;
  csrfToken: string;
  personId: string;
  /** Headers for app.inject: the cookie, and the CSRF header that our own pages send. */
  headers: Record<string, string>;
}

let ipCounter = 0;

/** Signs in through the API, as the web app does. Each call comes from its own address (no throttling). */
export async function signIn(
  app: FastifyInstance,
  person: Pick<PersonFixture, 'login' | 'password'>,
): Promise<Session> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { login: person.login, password: person.password },
    remoteAddress: `10.${(++ipCounter >> 8) & 255}.${ipCounter & 255}.1`,
  });
  assert.equal(res.statusCode, 200, `sign-in of ${person.login} failed: ${res.body}`);
  const setCookie = res.cookies.find((c) => c.name.endsWith('preau_session'));
  assert.ok(setCookie, 'no session cookie');
  const body = res.json() as { csrfToken: string; personId: string };
  const cookie = `${setCookie.name}=${setCookie.value}`;
  return {
    cookie,
    csrfToken: body.csrfToken,
    personId: body.personId,
    headers: { cookie, 'x-csrf-token': body.csrfToken },
  };
}

type Request = Pick<InjectOptions, 'method' | 'url' | 'payload' | 'query'>;

export interface Refusals {
  /** Someone of another school (with the profile that would be allowed there). */
  otherSchool: Session;
  /** Someone of the same school but another family (guardian or pupil), where families are involved. */
  otherFamily?: Session;
  /** Someone of the same school with a profile or function that may not do this. */
  wrongProfile: Session;
}

/**
 * The four refusals every route must prove: anonymous → 401; another school, another family and the wrong
 * profile → 403 or 404, with an error body and no data. Pass `check` to also assert nothing was written.
 */
export async function assertRefusals(app: FastifyInstance, req: Request, who: Refusals, check?: () => Promise<void>) {
  const anon = await app.inject({ ...req, method: req.method ?? 'GET' } as InjectOptions);
  assert.equal(anon.statusCode, 401, `anonymous ${req.method} ${req.url}: expected 401, got ${anon.statusCode}`);
  assert.equal(anon.json().error, 'UNAUTHENTICATED');
  const cases: Array<[string, Session | undefined]> = [
    ['another school', who.otherSchool],
    ['another family', who.otherFamily],
    ['wrong profile', who.wrongProfile],
  ];
  for (const [label, session] of cases) {
    if (!session) continue;
    const res = await app.inject({ ...req, method: req.method ?? 'GET', headers: session.headers } as InjectOptions);
    assert.ok(
      res.statusCode === 403 || res.statusCode === 404,
      `${label} ${req.method} ${req.url}: expected 403/404, got ${res.statusCode} ${res.body}`,
    );
    assert.ok(['FORBIDDEN', 'NOT_FOUND'].includes(res.json().error), `${label}: error body expected`);
  }
  if (check) await check();
}

/** The text of an activation letter PDF and the activation codes printed in it, in order. */
export async function readLetter(pdf: Buffer): Promise<{ text: string; pages: string[]; codes: string[] }> {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const { text, pages } = await parser.getText();
    const codes = text.match(/[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}/g) ?? [];
    return { text, pages: pages.map((p) => p.text), codes };
  } finally {
    await parser.destroy();
  }
}
