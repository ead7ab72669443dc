import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  test('defaults from an empty environment', () => {
    const c = loadConfig({});
    assert.deepEqual(c, {
      env: 'development',
      port: 3000,
      host: '0.0.0.0',
      dataDir: './data',
      databaseUrl: undefined,
      publicUrl: undefined,
      logLevel: 'info',
      seedDemo: true,
      mfaRequired: 'off',
      trustProxy: false,
      sessionIdleMs: 120 * 60_000,
      sessionMaxMs: 12 * 3_600_000,
      bodyLimit: 1024 * 1024,
      secureCookies: false,
      clamdSocket: undefined,
      documentQuotas: { personalBytes: 200 * 1024 * 1024, schoolBytes: 20_480 * 1024 * 1024 },
      storageDir: './data/files',
      s3: null,
      workers: 1,
      workerId: 1,
      redisUrl: undefined,
      overload: { maxInFlight: 256, maxEventLoopDelayMs: 300, retryAfterSeconds: 30 },
      ssoClients: [],
      mail: {
        transport: 'folder',
        smtp: null,
        from: 'Préau <ne-pas-repondre@preau.invalid>',
        dir: './data/mail',
        digestHour: 17,
        tokenSecret: undefined,
        bounceToken: undefined,
      },
    });
  });

  test('two-step sign-in: required of sensitive staff in production, off in the demo, as MFA_REQUIRED says', () => {
    assert.equal(loadConfig({ NODE_ENV: 'production' }).mfaRequired, 'sensitive');
    assert.equal(loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'true' }).mfaRequired, 'off');
    assert.equal(
      loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'true', MFA_REQUIRED: 'sensitive' }).mfaRequired,
      'sensitive',
    );
    assert.equal(loadConfig({ NODE_ENV: 'production', MFA_REQUIRED: 'off' }).mfaRequired, 'off');
    assert.throws(() => loadConfig({ MFA_REQUIRED: 'everyone' }), ConfigError);
  });

  test('file storage: STORAGE_DIR, or files under DATA_DIR', () => {
    assert.equal(loadConfig({ DATA_DIR: '/srv/preau/' }).storageDir, '/srv/preau/files');
    assert.equal(loadConfig({ STORAGE_DIR: '/mnt/files' }).storageDir, '/mnt/files');
  });

  test('STORAGE_BACKEND=s3: the S3_* settings, checked together at start with each problem named', () => {
    const s3 = {
      STORAGE_BACKEND: 's3',
      S3_ENDPOINT: 'https://s3.fr-par.example.net',
      S3_BUCKET: 'preau-files',
      S3_REGION: 'fr-par',
      S3_ACCESS_KEY_ID: 'AKIA1',
      S3_SECRET_ACCESS_KEY: 'secret',
    };
    assert.deepEqual(loadConfig(s3).s3, {
      endpoint: 'https://s3.fr-par.example.net',
      bucket: 'preau-files',
      region: 'fr-par',
      credentials: { accessKeyId: 'AKIA1', secretAccessKey: 'secret' },
      forcePathStyle: true,
    });
    assert.equal(loadConfig({ ...s3, S3_FORCE_PATH_STYLE: 'false' }).s3?.forcePathStyle, false);
    // Amazon S3 itself: no endpoint, virtual-hosted buckets, the SDK's own credentials.
    const aws = loadConfig({ STORAGE_BACKEND: 's3', S3_BUCKET: 'preau-files', S3_REGION: 'eu-west-3' }).s3;
    assert.deepEqual(aws, {
      endpoint: undefined,
      bucket: 'preau-files',
      region: 'eu-west-3',
      credentials: undefined,
      forcePathStyle: false,
    });
    assert.equal(loadConfig({}).s3, null);
    const fails = (env: Record<string, string>, pattern: RegExp) =>
      assert.throws(
        () => loadConfig(env),
        (e: unknown) => e instanceof ConfigError && pattern.test(e.message),
        JSON.stringify(env),
      );
    fails({ STORAGE_BACKEND: 's3' }, /S3_BUCKET: required with STORAGE_BACKEND=s3[\s\S]*S3_REGION: required/);
    fails({ ...s3, S3_SECRET_ACCESS_KEY: '' }, /S3_ACCESS_KEY_ID: give S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/);
    fails({ ...s3, S3_BUCKET: 'Preau_Files' }, /S3_BUCKET: a bucket name/);
    fails({ ...s3, S3_ENDPOINT: 'not a url' }, /S3_ENDPOINT/);
    fails({ ...s3, STORAGE_BACKEND: 'nfs' }, /STORAGE_BACKEND/);
    // Settings for S3 while the files go to the local folder: refused rather than silently ignored.
    fails({ S3_BUCKET: 'preau-files' }, /S3_BUCKET set, but STORAGE_BACKEND is not s3/);
    // Production: https, or http only to this machine.
    fails({ ...s3, NODE_ENV: 'production', S3_ENDPOINT: 'http://minio.lan:9000' }, /https is required in production/);
    assert.ok(loadConfig({ ...s3, NODE_ENV: 'production', S3_ENDPOINT: 'http://127.0.0.1:9000' }).s3);
    assert.ok(loadConfig({ ...s3, S3_ENDPOINT: 'http://minio.lan:9000' }).s3);
  });

  test('mail: SMTP when SMTP_HOST is set, STARTTLS required in production, nothing in production without it', () => {
    assert.equal(loadConfig({ NODE_ENV: 'production' }).mail.transport, 'off');
    const c = loadConfig({
      NODE_ENV: 'production',
      SMTP_HOST: 'smtp.example.fr',
      SMTP_USER: 'preau',
      SMTP_PASSWORD: 'secret',
      MAIL_DIGEST_HOUR: '18',
    });
    assert.equal(c.mail.transport, 'smtp');
    assert.deepEqual(c.mail.smtp, {
      host: 'smtp.example.fr',
      port: 587,
      secure: false,
      user: 'preau',
      password: 'secret',
      requireTls: true,
    });
    assert.equal(c.mail.digestHour, 18);
    assert.equal(
      loadConfig({ NODE_ENV: 'production', SMTP_HOST: 'h', SMTP_SECURE: 'true' }).mail.smtp?.requireTls,
      false,
    );
    assert.throws(() => loadConfig({ MAIL_TOKEN_SECRET: 'short' }), ConfigError);
    assert.throws(() => loadConfig({ MFA_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') }), ConfigError);
    assert.throws(() => loadConfig({ MFA_ENCRYPTION_KEY: 'not base64 at all!' }), ConfigError);
    const key = Buffer.alloc(32, 1).toString('base64');
    assert.equal(loadConfig({ MFA_ENCRYPTION_KEY: key }).mfaEncryptionKey, key);
    assert.throws(() => loadConfig({ MAIL_DIGEST_HOUR: '24' }), ConfigError);
  });

  test('production never seeds the demo unless SEED_DEMO=true says so', () => {
    assert.equal(loadConfig({ NODE_ENV: 'production' }).seedDemo, false);
    assert.equal(loadConfig({ NODE_ENV: 'production', SEED_DEMO: '' }).seedDemo, false);
    assert.equal(loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'true' }).seedDemo, true);
    assert.equal(loadConfig({ NODE_ENV: 'development' }).seedDemo, true);
    assert.equal(loadConfig({ NODE_ENV: 'development', SEED_DEMO: 'false' }).seedDemo, false);
  });

  test('empty strings count as unset', () => {
    assert.equal(loadConfig({ PORT: '', DATABASE_URL: '' }).port, 3000);
    assert.equal(loadConfig({ DATABASE_URL: '' }).databaseUrl, undefined);
  });

  test('reads the settings it is given', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      DATABASE_URL: 'postgresql://preau@db:5432/preau',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      TRUST_PROXY: '1',
      SESSION_IDLE_MINUTES: '30',
      SESSION_MAX_HOURS: '8',
      BODY_LIMIT_BYTES: '4096',
    });
    assert.equal(c.env, 'production');
    assert.equal(c.port, 8080);
    assert.equal(c.databaseUrl, 'postgresql://preau@db:5432/preau');
    assert.equal(c.logLevel, 'warn');
    assert.equal(c.seedDemo, false);
    assert.equal(c.trustProxy, 1);
    assert.equal(c.sessionIdleMs, 30 * 60_000);
    assert.equal(c.sessionMaxMs, 8 * 3_600_000);
    assert.equal(c.bodyLimit, 4096);
  });

  const wrong: Array<[string, Record<string, string>]> = [
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '80.5' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://root@localhost/preau' }],
    ['DATABASE_URL', { DATABASE_URL: './preau.sqlite' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['SEED_DEMO', { SEED_DEMO: 'yes' }],
    ['SESSION_IDLE_MINUTES', { SESSION_IDLE_MINUTES: '1' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'not a url' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'true' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'yes' }],
    ['TRUST_PROXY', { TRUST_PROXY: '11' }],
    ['TRUST_PROXY', { TRUST_PROXY: '10.0.0.1, not-an-address' }],
    ['TRUST_PROXY', { TRUST_PROXY: '10.0.0.0/33' }],
  ];
  for (const [name, env] of wrong) {
    test(`a wrong ${name} (${JSON.stringify(env[name])}) throws ConfigError naming it`, () => {
      assert.throws(
        () => loadConfig(env),
        (e: unknown) => e instanceof ConfigError && e.message.includes(name),
      );
    });
  }

  test('every wrong setting is named at once', () => {
    assert.throws(
      () => loadConfig({ PORT: 'x', LOG_LEVEL: 'loud' }),
      (e: unknown) => e instanceof ConfigError && e.message.includes('PORT') && e.message.includes('LOG_LEVEL'),
    );
  });

  test('TRUST_PROXY: never everything; a number of hops or the proxies themselves', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: '0' }).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.1.0.0/16,::1' }).trustProxy, [
      '127.0.0.1',
      '10.1.0.0/16',
      '::1',
    ]);
    assert.throws(
      () => loadConfig({ TRUST_PROXY: 'true' }),
      (e: unknown) => e instanceof ConfigError && /TRUST_PROXY: true would trust any X-Forwarded-For/.test(e.message),
    );
  });

  test('PUBLIC_URL over https turns on secure cookies; http does not', () => {
    assert.equal(loadConfig({ PUBLIC_URL: 'https://ent.college-le-parc.fr' }).secureCookies, true);
    assert.equal(loadConfig({ PUBLIC_URL: 'http://localhost:3000' }).secureCookies, false);
    assert.equal(loadConfig({}).secureCookies, false);
  });

  test('PREAU_WORKERS: several processes need PostgreSQL and Redis', () => {
    assert.throws(
      () => loadConfig({ PREAU_WORKERS: '2' }),
      (e: unknown) => e instanceof ConfigError && /PREAU_WORKERS: several processes need DATABASE_URL/.test(e.message),
    );
    assert.throws(
      () => loadConfig({ PREAU_WORKERS: '2', DATABASE_URL: 'postgres://localhost/preau' }),
      (e: unknown) => e instanceof ConfigError && /REDIS_URL/.test(e.message),
    );
    const c = loadConfig({
      PREAU_WORKERS: '2',
      DATABASE_URL: 'postgres://localhost/preau',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    assert.equal(c.workers, 2);
    assert.equal(c.redisUrl, 'redis://127.0.0.1:6379');
    assert.throws(() => loadConfig({ REDIS_URL: 'http://x' }), /REDIS_URL: must start with redis:\/\//);
  });

  test('SSO_CLIENTS_FILE: the applications signing in through Préau, checked at start-up', () => {
    const dir = mkdtempSync(join(tmpdir(), 'preau-sso-'));
    const file = join(dir, 'clients.json');
    const client = {
      client_id: 'pronote',
      kind: 'cas',
      name: 'Pronote',
      redirect_uris: ['https://0750001a.index-education.net/pronote/'],
      profiles: ['pupil', 'teacher'],
    };
    writeFileSync(file, JSON.stringify([client]));
    assert.deepEqual(loadConfig({ SSO_CLIENTS_FILE: file }).ssoClients, [
      {
        clientId: 'pronote',
        clientSecret: undefined,
        kind: 'cas',
        name: 'Pronote',
        description: undefined,
        url: undefined,
        redirectUris: ['https://0750001a.index-education.net/pronote/'],
        profiles: ['pupil', 'teacher'],
      },
    ]);
    writeFileSync(file, JSON.stringify([{ ...client, kind: 'oidc', redirect_uris: ['http://evil.example/cb'] }]));
    assert.throws(
      () => loadConfig({ SSO_CLIENTS_FILE: file }),
      (e: unknown) =>
        e instanceof ConfigError &&
        /client_secret: an OpenID Connect client needs a secret/.test(e.message) &&
        /https only/.test(e.message),
    );
    assert.throws(() => loadConfig({ SSO_CLIENTS_FILE: join(dir, 'missing.json') }), /SSO_CLIENTS_FILE: cannot read/);
  });
});
