import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import * as oc from 'openid-client';
import { createTestDatabase } from '../../../../test/db.ts';
import { makeClass, makeGuardian, makePupil, makeSchool, makeStaff, makeTeacher } from '../../../../test/factories.ts';
import { safeRedirect } from '../../../web/components/redirect.ts';
import { buildApp } from '../../app.ts';
import type { Database } from '../../db/database.ts';
import { testConfig } from '../../lib/config.ts';
import { parseSsoClients } from '../../lib/sso-clients.ts';
import { KyselyAdapter } from './sso.oidc.ts';
import { serviceMatches } from './sso.policy.ts';
import { purgeExpired } from './sso.repo.ts';

// Real clients against a live server (docs/sso.md): openid-client for OpenID Connect, fetch for CAS.

const SECRET = 'un secret de client de test, assez long pour compter';
const REDIRECT_URI = 'http://127.0.0.1:9/callback';
const SERVICE_ROOT = 'https://pronote.example.fr/pronote/';

const clients = parseSsoClients(
  JSON.stringify([
    {
      client_id: 'ent-app',
      client_secret: SECRET,
      kind: 'oidc',
      name: 'Application de test',
      url: 'https://app.example.fr/',
      redirect_uris: [REDIRECT_URI],
      profiles: ['pupil', 'teacher'],
    },
    {
      client_id: 'pronote',
      kind: 'cas',
      name: 'Pronote',
      url: `${SERVICE_ROOT}eleve.html`,
      redirect_uris: [SERVICE_ROOT],
      profiles: ['pupil', 'teacher'],
    },
  ]),
);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A browser's cookies, enough for one host: every cookie goes with every request. */
class Jar {
  readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k, v] = a.trim().split('=');
        return (
          (k?.toLowerCase() === 'max-age' && Number(v) <= 0) ||
          (k?.toLowerCase() === 'expires' && Date.parse(v ?? '') < Date.now())
        );
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

let database: Database;
let base: string;
let basePort: number;
let close: () => Promise<void>;
const people: Record<'pupil' | 'teacher' | 'guardian' | 'admin', { id: string; login: string; password: string }> =
  {} as never;
let classCode: string;
let uai: string;

before(async () => {
  database = await createTestDatabase();
  const db = database.db;
  const school = await makeSchool(db, { name: 'Collège Jean Moulin' });
  const cls = await makeClass(db, school, { code: '4B', level: '4e' });
  classCode = cls.code;
  uai = (await db.selectFrom('schools').select('uai').where('id', '=', school.id).executeTakeFirstOrThrow()).uai;
  people.pupil = await makePupil(db, school, { classId: cls.id, firstName: 'Inès' });
  await db.updateTable('people').set({ email: 'ines@example.fr' }).where('id', '=', people.pupil.id).execute();
  people.teacher = await makeTeacher(db, school);
  people.guardian = await makeGuardian(db, { children: [{ id: people.pupil.id, schoolId: school.id }] });
  people.admin = await makeStaff(db, school, ['school_admin']);
  const port = await freePort();
  basePort = port;
  base = `http://127.0.0.1:${port}`;
  const app = await buildApp({ db, config: testConfig({ publicUrl: base, port, ssoClients: clients }), logger: false });
  await app.listen({ port, host: '127.0.0.1' });
  close = async () => {
    await app.close();
    await database.close();
  };
});

after(async () => {
  await close();
});

let ipCounter = 0;
async function signIn(jar: Jar, who: { login: string; password: string }) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.9.${++ipCounter}.1` },
    body: JSON.stringify({ login: who.login, password: who.password }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  jar.store(res);
}

/** Follows redirects by hand (carrying cookies) until one leaves Préau; returns that address, or the last answer. */
async function follow(jar: Jar, url: string, max = 10): Promise<{ location: string | null; res: Response }> {
  let current = url;
  for (let i = 0; i < max; i++) {
    const res = await fetch(current, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.store(res);
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) return { location: null, res };
    const next = new URL(location, current);
    if (next.origin !== base) return { location: next.href, res };
    if (next.pathname === '/connexion') return { location: next.href, res };
    current = next.href;
  }
  throw new Error('too many redirects');
}

async function discover() {
  return oc.discovery(new URL(`${base}/oidc`), 'ent-app', undefined, oc.ClientSecretBasic(SECRET), {
    execute: [oc.allowInsecureRequests],
  });
}

async function authorisationUrl(config: oc.Configuration, extra: Record<string, string> = {}) {
  const verifier = oc.randomPKCECodeVerifier();
  const state = oc.randomState();
  const url = oc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile email school',
    code_challenge: await oc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...extra,
  });
  return { url, verifier, state };
}

describe('OpenID Connect provider', () => {
  test('discovery and JWKS: code flow with PKCE only, keys kept in the database', async () => {
    const config = await discover();
    const meta = config.serverMetadata();
    assert.equal(meta.issuer, `${base}/oidc`);
    assert.deepEqual(meta.response_types_supported, ['code']);
    assert.deepEqual(meta.code_challenge_methods_supported, ['S256']);
    const jwks = (await (await fetch(meta.jwks_uri!)).json()) as { keys: Array<{ kid: string; d?: string }> };
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0]!.d, undefined, 'no private part published');
    const stored = await database.db
      .selectFrom('deployment_settings')
      .select('value')
      .where('name', '=', 'oidc_jwks')
      .executeTakeFirstOrThrow();
    assert.equal((JSON.parse(stored.value) as { keys: Array<{ kid: string }> }).keys[0]!.kid, jwks.keys[0]!.kid);
  });

  test('a signed-in pupil: authorisation code + PKCE, token, userinfo with the school claims', async () => {
    const jar = new Jar();
    await signIn(jar, people.pupil);
    const config = await discover();
    const { url, verifier, state } = await authorisationUrl(config);
    const { location } = await follow(jar, url.href);
    assert.ok(location?.startsWith(`${REDIRECT_URI}?`), `ended at ${location}`);
    const tokens = await oc.authorizationCodeGrant(config, new URL(location as string), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    const idClaims = tokens.claims()!;
    assert.equal(idClaims.sub, people.pupil.id);
    const info = await oc.fetchUserInfo(config, tokens.access_token, people.pupil.id);
    assert.equal(info.given_name, 'Inès');
    assert.equal(info.email, 'ines@example.fr');
    assert.equal(info.preferred_username, people.pupil.login);
    assert.equal(info.uai, uai);
    assert.equal(info.school_name, 'Collège Jean Moulin');
    assert.equal(info.profile, 'pupil');
    assert.equal(info.fr_profile, 'National_ELV');
    assert.equal(info.class, classCode);
    assert.deepEqual(info.schools, [
      { uai, name: 'Collège Jean Moulin', profile: 'pupil', fr_profile: 'National_ELV', class: classCode },
    ]);
    // The code is single use.
    await assert.rejects(
      oc.authorizationCodeGrant(config, new URL(location as string), {
        pkceCodeVerifier: verifier,
        expectedState: state,
      }),
      (e: unknown) => (e as { error?: string }).error === 'invalid_grant',
    );
  });

  test('anonymous: to the sign-in page with a return path, then on to the application', async () => {
    const jar = new Jar();
    const config = await discover();
    const { url, verifier, state } = await authorisationUrl(config);
    const first = await follow(jar, url.href);
    const login = new URL(first.location!);
    assert.equal(login.pathname, '/connexion');
    const back = login.searchParams.get('redirect')!;
    assert.match(back, /^\/oidc\/interaction\/[\w-]+$/);
    assert.equal(safeRedirect(back), back, 'the sign-in page honours it');
    await signIn(jar, people.teacher);
    const { location } = await follow(jar, `${base}${back}`);
    assert.ok(location?.startsWith(`${REDIRECT_URI}?`), `ended at ${location}`);
    const tokens = await oc.authorizationCodeGrant(config, new URL(location as string), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    const info = await oc.fetchUserInfo(config, tokens.access_token, people.teacher.id);
    assert.equal(info.profile, 'teacher');
    assert.equal(info.fr_profile, 'National_ENS');
    assert.equal(info.class, undefined);
  });

  test('a profile the client does not allow: access_denied back to the application, no code', async () => {
    const jar = new Jar();
    await signIn(jar, people.guardian);
    const config = await discover();
    const { url } = await authorisationUrl(config);
    const { location } = await follow(jar, url.href);
    const back = new URL(location as string);
    assert.equal(`${back.origin}${back.pathname}`, REDIRECT_URI);
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.equal(back.searchParams.get('code'), null);
  });

  test('refusals: unknown client, wrong redirect_uri, no PKCE, wrong verifier', async () => {
    const jar = new Jar();
    await signIn(jar, people.pupil);
    const config = await discover();
    const { url } = await authorisationUrl(config);

    const unknown = new URL(url);
    unknown.searchParams.set('client_id', 'nope');
    const r1 = await follow(jar, unknown.href);
    assert.equal(r1.location, null);
    assert.equal(r1.res.status, 400);
    assert.match(await r1.res.text(), /invalid_client/);

    const wrongUri = new URL(url);
    wrongUri.searchParams.set('redirect_uri', 'https://evil.example/callback');
    const r2 = await follow(jar, wrongUri.href);
    assert.equal(r2.location, null);
    assert.equal(r2.res.status, 400);
    assert.match(await r2.res.text(), /redirect_uri/);

    const noPkce = new URL(url);
    noPkce.searchParams.delete('code_challenge');
    noPkce.searchParams.delete('code_challenge_method');
    const r3 = await follow(jar, noPkce.href);
    assert.equal(new URL(r3.location!).searchParams.get('error'), 'invalid_request');

    const ok = await authorisationUrl(config);
    const r4 = await follow(jar, ok.url.href);
    await assert.rejects(
      oc.authorizationCodeGrant(config, new URL(r4.location!), {
        pkceCodeVerifier: oc.randomPKCECodeVerifier(),
        expectedState: ok.state,
      }),
      (e: unknown) => (e as { error?: string }).error === 'invalid_grant',
    );
  });

  test("signed in to Préau and already through once: prompt=none answers at once, without Préau's page", async () => {
    const jar = new Jar();
    await signIn(jar, people.pupil);
    const config = await discover();
    const first = await follow(jar, (await authorisationUrl(config)).url.href);
    assert.ok(first.location?.startsWith(`${REDIRECT_URI}?`));
    const silent = await authorisationUrl(config, { prompt: 'none' });
    const { location } = await follow(jar, silent.url.href);
    assert.ok(location?.startsWith(`${REDIRECT_URI}?`), `ended at ${location}`);
    const tokens = await oc.authorizationCodeGrant(config, new URL(location as string), {
      pkceCodeVerifier: silent.verifier,
      expectedState: silent.state,
    });
    assert.equal(tokens.claims()!.sub, people.pupil.id);
    // Someone else signs in to Préau in the same browser: the provider's session does not speak for them.
    await signIn(jar, people.teacher);
    const other = await follow(jar, (await authorisationUrl(config, { prompt: 'none' })).url.href);
    assert.equal(new URL(other.location!).searchParams.get('error'), 'login_required');
  });

  test('the provider session alone is not enough: after signing out of Préau, back to the sign-in page', async () => {
    const jar = new Jar();
    await signIn(jar, people.pupil);
    const config = await discover();
    const first = await follow(jar, (await authorisationUrl(config)).url.href);
    assert.ok(first.location?.startsWith(REDIRECT_URI));
    const name = [...jar.cookies.keys()].find((k) => k.endsWith('preau_session'))!;
    jar.cookies.delete(name);
    const second = await follow(jar, (await authorisationUrl(config)).url.href);
    assert.equal(new URL(second.location!).pathname, '/connexion');
    const silent = await follow(jar, (await authorisationUrl(config, { prompt: 'none' })).url.href);
    assert.equal(new URL(silent.location!).searchParams.get('error'), 'login_required');
  });
});

const validate = async (ticket: string, service: string, path = '/cas/p3/serviceValidate') => {
  const res = await fetch(`${base}${path}?${new URLSearchParams({ ticket, service })}`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /xml/);
  return res.text();
};

async function casTicket(jar: Jar, service: string): Promise<string> {
  const res = await fetch(`${base}/cas/login?service=${encodeURIComponent(service)}`, {
    redirect: 'manual',
    headers: { cookie: jar.header() },
  });
  assert.equal(res.status, 302);
  const location = new URL(res.headers.get('location')!);
  assert.equal(`${location.origin}${location.pathname}`, service.split('?')[0]);
  const ticket = location.searchParams.get('ticket')!;
  assert.match(ticket, /^ST-[\w-]{20,}$/);
  return ticket;
}

describe('several processes', () => {
  test("a second process on the same database shares keys and models: it redeems the first one's code", async () => {
    const port = await freePort();
    const second = await buildApp({
      db: database.db,
      config: testConfig({ publicUrl: base, port: basePort, ssoClients: clients }),
      logger: false,
    });
    await second.listen({ port, host: '127.0.0.1' });
    try {
      const jar = new Jar();
      await signIn(jar, people.pupil);
      // Every call after discovery goes to the second process.
      const config = await oc.discovery(new URL(`${base}/oidc`), 'ent-app', undefined, oc.ClientSecretBasic(SECRET), {
        execute: [oc.allowInsecureRequests],
      });
      config[oc.customFetch] = (url, options) =>
        fetch(url.replace(base, `http://127.0.0.1:${port}`), options as RequestInit);
      const { url, verifier, state } = await authorisationUrl(config);
      const { location } = await follow(jar, url.href);
      const tokens = await oc.authorizationCodeGrant(config, new URL(location as string), {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
      const info = await oc.fetchUserInfo(config, tokens.access_token, people.pupil.id);
      assert.equal(info.sub, people.pupil.id);
      const jwks = async (b: string) => (await (await fetch(`${b}/oidc/jwks`)).json()) as unknown;
      assert.deepEqual(await jwks(`http://127.0.0.1:${port}`), await jwks(base));
    } finally {
      await second.close();
    }
  });

  test('a disabled account: its access token no longer gives claims', async () => {
    const jar = new Jar();
    await signIn(jar, people.teacher);
    const config = await discover();
    const { url, verifier, state } = await authorisationUrl(config);
    const { location } = await follow(jar, url.href);
    const tokens = await oc.authorizationCodeGrant(config, new URL(location as string), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    await database.db
      .updateTable('people')
      .set({ disabled_at: new Date().toISOString() })
      .where('id', '=', people.teacher.id)
      .execute();
    try {
      await assert.rejects(oc.fetchUserInfo(config, tokens.access_token, people.teacher.id));
    } finally {
      await database.db.updateTable('people').set({ disabled_at: null }).where('id', '=', people.teacher.id).execute();
    }
  });
});

describe('CAS server', () => {
  test('a signed-in pupil goes to the service with a ticket; serviceValidate answers the attributes once', async () => {
    const jar = new Jar();
    await signIn(jar, people.pupil);
    const service = `${SERVICE_ROOT}eleve.html?fd=1`;
    const ticket = await casTicket(jar, service);
    const xml = await validate(ticket, service);
    assert.match(xml, /<cas:authenticationSuccess>/);
    assert.match(xml, new RegExp(`<cas:user>${people.pupil.login}</cas:user>`));
    assert.match(xml, new RegExp(`<cas:uid>${people.pupil.id}</cas:uid>`));
    assert.match(xml, /<cas:prenom>Inès<\/cas:prenom>/);
    assert.match(xml, new RegExp(`<cas:UAI>${uai}</cas:UAI>`));
    assert.match(xml, /<cas:ENTPersonProfils>National_ELV<\/cas:ENTPersonProfils>/);
    assert.match(xml, new RegExp(`<cas:classe>${classCode}</cas:classe>`));
    // Single use.
    assert.match(await validate(ticket, service), /<cas:authenticationFailure code="INVALID_TICKET">/);
  });

  test('CAS 2 serviceValidate too; a ticket for another service is refused and spent', async () => {
    const jar = new Jar();
    await signIn(jar, people.teacher);
    const ticket = await casTicket(jar, `${SERVICE_ROOT}professeur.html`);
    const other = await validate(ticket, `${SERVICE_ROOT}eleve.html`, '/cas/serviceValidate');
    assert.match(other, /code="INVALID_SERVICE"/);
    assert.match(await validate(ticket, `${SERVICE_ROOT}professeur.html`), /code="INVALID_TICKET"/);
    const ok = await casTicket(jar, `${SERVICE_ROOT}professeur.html`);
    const xml = await validate(ok, `${SERVICE_ROOT}professeur.html`, '/cas/serviceValidate');
    assert.match(xml, /<cas:profile>teacher<\/cas:profile>/);
    assert.doesNotMatch(xml, /<cas:classe>/);
    const v1 = await casTicket(jar, `${SERVICE_ROOT}professeur.html`);
    const cas1 = (service: string) =>
      fetch(`${base}/cas/validate?${new URLSearchParams({ ticket: v1, service })}`).then((r) => r.text());
    assert.equal(await cas1(`${SERVICE_ROOT}professeur.html`), `yes\n${people.teacher.login}\n`);
    assert.equal(await cas1(`${SERVICE_ROOT}professeur.html`), 'no\n\n');
    const proxy = await casTicket(jar, `${SERVICE_ROOT}professeur.html`);
    assert.match(
      await validate(proxy, `${SERVICE_ROOT}professeur.html`, '/cas/p3/proxyValidate'),
      /authenticationSuccess/,
    );
  });

  test('refusals: missing parameters, forged ticket, unknown services, anonymous, a profile not allowed', async () => {
    assert.match(await validate('', `${SERVICE_ROOT}x`), /code="INVALID_REQUEST"/);
    assert.match(await validate('ST-forged', `${SERVICE_ROOT}x`), /code="INVALID_TICKET"/);
    const jar = new Jar();
    await signIn(jar, people.teacher);
    for (const service of [
      'https://evil.example/pronote/',
      'https://pronote.example.fr.evil.example/pronote/',
      'https://pronote.example.fr/autre/',
      'http://pronote.example.fr/pronote/',
      'https://user@pronote.example.fr/pronote/',
      'javascript:alert(1)',
    ]) {
      const res = await fetch(`${base}/cas/login?service=${encodeURIComponent(service)}`, {
        redirect: 'manual',
        headers: { cookie: jar.header() },
      });
      assert.equal(res.status, 400, service);
      assert.equal(res.headers.get('location'), null);
    }
    const anonymous = await fetch(`${base}/cas/login?service=${encodeURIComponent(`${SERVICE_ROOT}eleve.html`)}`, {
      redirect: 'manual',
    });
    assert.equal(anonymous.status, 302);
    const login = new URL(anonymous.headers.get('location')!, base);
    assert.equal(login.pathname, '/connexion');
    assert.equal(
      login.searchParams.get('redirect'),
      `/cas/login?service=${encodeURIComponent(`${SERVICE_ROOT}eleve.html`)}`,
    );
    const gateway = await fetch(
      `${base}/cas/login?gateway=true&service=${encodeURIComponent(`${SERVICE_ROOT}eleve.html`)}`,
      { redirect: 'manual' },
    );
    assert.equal(gateway.headers.get('location'), `${SERVICE_ROOT}eleve.html`);

    const guardian = new Jar();
    await signIn(guardian, people.guardian);
    const refused = await fetch(`${base}/cas/login?service=${encodeURIComponent(`${SERVICE_ROOT}parent.html`)}`, {
      redirect: 'manual',
      headers: { cookie: guardian.header() },
    });
    assert.equal(refused.status, 403);
    assert.equal(
      await database.db
        .selectFrom('cas_tickets')
        .select('ticket_hash')
        .execute()
        .then((r) => r.length),
      0,
    );
  });

  test('logout ends the Préau session and goes back to a registered service only', async () => {
    const jar = new Jar();
    await signIn(jar, people.teacher);
    const out = await fetch(`${base}/cas/logout?service=${encodeURIComponent('https://evil.example/')}`, {
      redirect: 'manual',
      headers: { cookie: jar.header() },
    });
    assert.equal(out.headers.get('location'), '/connexion?au-revoir');
    const me = await fetch(`${base}/api/me`, { headers: { cookie: jar.header() } });
    assert.equal(me.status, 401);
  });
});

describe('the Applications page and the sign-in return path', () => {
  test('GET /api/sso/applications: what each profile may open; the administrator also sees the registry', async () => {
    const list = async (who: { login: string; password: string } | null) => {
      const jar = new Jar();
      if (who) await signIn(jar, who);
      return fetch(`${base}/api/sso/applications`, { headers: { cookie: jar.header() } });
    };
    assert.equal((await list(null)).status, 401);
    const pupil = (await (await list(people.pupil)).json()) as {
      applications: Array<{ clientId: string; launchUrl: string }>;
      registered: null;
    };
    assert.deepEqual(
      pupil.applications.map((a) => [a.clientId, a.launchUrl]),
      [
        ['ent-app', 'https://app.example.fr/'],
        ['pronote', `/cas/login?service=${encodeURIComponent(`${SERVICE_ROOT}eleve.html`)}`],
      ],
    );
    assert.equal(pupil.registered, null);
    const guardian = (await (await list(people.guardian)).json()) as { applications: unknown[] };
    assert.deepEqual(guardian.applications, []);
    const admin = (await (await list(people.admin)).json()) as {
      registered: Array<Record<string, unknown>>;
    };
    assert.deepEqual(
      admin.registered.map((c) => c.clientId),
      ['ent-app', 'pronote'],
    );
    assert.ok(admin.registered.every((c) => !('clientSecret' in c) && !JSON.stringify(c).includes(SECRET)));
  });

  test('the sign-in page follows only paths of Préau (no open redirect)', () => {
    for (const bad of [
      'https://evil.example/',
      '//evil.example/',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/x\\..\\..\\evil',
      'javascript:alert(1)',
      '',
      null,
    ]) {
      assert.equal(safeRedirect(bad), '/', String(bad));
    }
    assert.equal(safeRedirect('/oidc/interaction/abc'), '/oidc/interaction/abc');
    assert.equal(safeRedirect('/cas/login?service=https%3A%2F%2Fx'), '/cas/login?service=https%3A%2F%2Fx');
  });

  test('service URLs are compared as parsed URLs', () => {
    assert.ok(serviceMatches(`${SERVICE_ROOT}eleve.html?x=1`, SERVICE_ROOT));
    assert.ok(!serviceMatches('https://pronote.example.fr/pronote2/', 'https://pronote.example.fr/pronote'));
    assert.ok(serviceMatches('https://pronote.example.fr/pronote/a', 'https://pronote.example.fr/pronote'));
    assert.ok(!serviceMatches('https://pronote.example.fr:444/pronote/', SERVICE_ROOT));
    assert.ok(!serviceMatches(`${SERVICE_ROOT}#x`, SERVICE_ROOT));
  });
});

describe('storage', () => {
  test('the adapter: upsert, find by id and uid, consume, expiry, revoke by grant, purge', async () => {
    const db = database.db;
    const sessions = new KyselyAdapter(db, 'Session');
    const codes = new KyselyAdapter(db, 'AuthorizationCode');
    await sessions.upsert('s1', { uid: 'u1', accountId: 'a' }, 60);
    assert.deepEqual(await sessions.findByUid('u1'), { uid: 'u1', accountId: 'a' });
    await sessions.upsert('s1', { uid: 'u2', accountId: 'a' }, 60);
    assert.equal(await sessions.findByUid('u1'), undefined);
    assert.equal(await codes.find('s1'), undefined, 'kinds do not mix');
    await codes.upsert('c1', { grantId: 'g1' }, 60);
    await codes.consume('c1');
    assert.equal(typeof (await codes.find('c1'))?.consumed, 'number');
    await codes.revokeByGrantId('g1');
    assert.equal(await codes.find('c1'), undefined);
    await codes.upsert('old', { grantId: 'g2' }, 1);
    await db
      .updateTable('oidc_payloads')
      .set({ expires_at: '2000-01-01T00:00:00.000Z' })
      .where('id', '=', 'old')
      .execute();
    assert.equal(await codes.find('old'), undefined, 'expired is absent');
    await purgeExpired(db, new Date().toISOString());
    const left = await db.selectFrom('oidc_payloads').select('id').where('id', 'in', ['old', 's1']).execute();
    assert.deepEqual(
      left.map((r) => r.id),
      ['s1'],
    );
    await sessions.destroy('s1');
    assert.equal(await sessions.find('s1'), undefined);
  });
});
