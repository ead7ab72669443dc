import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { OverloadLimits } from './overload.ts';
import { readSsoClientsFile, type SsoClient } from './sso-clients.ts';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** An address or a CIDR range, IPv4 or IPv6: "10.0.0.5", "10.0.0.0/8", "fd00::/8". */
function isAddressOrRange(value: string): boolean {
  const [addr, prefix, ...rest] = value.split('/');
  if (rest.length > 0 || !addr) return false;
  const family = isIP(addr);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Which reverse proxies may set X-Forwarded-For: none (`false`), a number of hops counted from Préau (`1`: the
 * proxy in front of it), or a comma-separated list of proxy addresses/ranges. Never "everything": with `true`
 * the left-most address, chosen by the client, would become the address that sign-in throttling counts.
 */
const TrustProxy = z.string().transform((v, ctx): false | number | string[] => {
  const t = v.trim();
  if (t === 'false' || t === '0') return false;
  if (/^\d+$/.test(t)) {
    const hops = Number(t);
    if (hops > 10) ctx.addIssue({ code: 'custom', message: 'at most 10 proxy hops' });
    return hops;
  }
  if (t === 'true') {
    ctx.addIssue({
      code: 'custom',
      message: 'true would trust any X-Forwarded-For: give the number of proxies (1) or their addresses',
    });
    return z.NEVER;
  }
  const list = t
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const wrong = list.filter((x) => !isAddressOrRange(x));
  if (list.length === 0 || wrong.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `expected false, a number of hops or proxy addresses/CIDR ranges (wrong: ${wrong.join(', ') || t})`,
    });
    return z.NEVER;
  }
  return list;
});

/** Every setting Préau reads from the environment; `.env.example` lists the same names. */
const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// (leave empty for the embedded SQLite database)')
    .optional(),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Unset: the demo college is seeded into an empty database, except in production (see loadConfig).
  SEED_DEMO: bool.optional(),
  // Two-step sign-in required of the staff who read sensitive files (auth.mfa.ts); default: sensitive, off in the demo.
  MFA_REQUIRED: z.enum(['sensitive', 'off']).optional(),
  TRUST_PROXY: TrustProxy.default(false),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(120),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
  // Mail (docs/mail.md). With SMTP_HOST, mail goes through that server; without it, outside production, each mail
  // is written as an .eml file in MAIL_DIR; in production without SMTP_HOST, no mail leaves.
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  // true: TLS from the first byte (port 465); false: STARTTLS when the server offers it (required in production).
  SMTP_SECURE: bool.default(false),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  MAIL_FROM: z.string().min(3).default('Préau <ne-pas-repondre@preau.invalid>'),
  MAIL_DIR: z.string().min(1).optional(),
  MAIL_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(17),
  // The key that seals two-step sign-in secrets (AES-256-GCM), 32 bytes in base64 (openssl rand -base64 32);
  // unset: a random key kept in the database (deployment_settings). docs/security.md, "Two-step sign-in".
  MFA_ENCRYPTION_KEY: z
    .string()
    .refine(
      (v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32,
      '32 bytes in base64 (openssl rand -base64 32)',
    )
    .optional(),
  // The HMAC key of unsubscribe links; unset: a random key kept in the database (deployment_settings).
  MAIL_TOKEN_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  // The bearer token of POST /api/mail/dsn (delivery reports from the mail server or provider); unset: route off.
  MAIL_BOUNCE_TOKEN: z.string().min(32, 'at least 32 characters').optional(),
  // clamd's Unix socket (or host:port): messaging attachments are scanned before they are stored.
  CLAMD_SOCKET: z.string().min(1).optional(),
  // Uploaded files kept outside the database (hand-ins, docs/handin.md); default <DATA_DIR>/files.
  STORAGE_DIR: z.string().min(1).optional(),
  // local: the folder above; s3: S3-compatible object storage (docs/handin.md, "Storage"), with the S3_* settings.
  STORAGE_BACKEND: z.enum(['local', 's3']).default('local'),
  // The S3 API's address (MinIO, Scaleway, OVHcloud, Garage...); unset: Amazon S3 itself, from S3_REGION.
  S3_ENDPOINT: z.url().optional(),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'a bucket name: 3 to 63 lower-case letters, digits, dots, dashes')
    .optional(),
  S3_REGION: z.string().min(1).optional(),
  // Both or neither; neither: the SDK's own chain (AWS_ACCESS_KEY_ID..., an instance role).
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  // true: http(s)://endpoint/bucket/key (MinIO and most self-hosted servers); false: http(s)://bucket.endpoint/key.
  S3_FORCE_PATH_STYLE: bool.optional(),
  // Document spaces (docs/documents.md): each person's personal space and each school's total, in MB.
  DOCUMENTS_PERSONAL_QUOTA_MB: z.coerce.number().int().min(1).max(1_000_000).default(200),
  DOCUMENTS_SCHOOL_QUOTA_MB: z.coerce.number().int().min(1).max(100_000_000).default(20_480),
  // Several processes (docs/scale.md): N Node processes share the port; needs PostgreSQL and Redis.
  PREAU_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  // Set by the primary process for each worker it starts (1..N); worker 1 runs the periodic jobs.
  PREAU_WORKER_ID: z.coerce.number().int().min(1).max(64).default(1),
  // Survival mode (docs/scale.md): past these, API requests that can wait get 503 + Retry-After; 0 turns one off.
  OVERLOAD_MAX_IN_FLIGHT: z.coerce.number().int().min(0).max(100_000).default(256),
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(300),
  OVERLOAD_RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  // Redis: cache invalidations between processes (and between servers behind one address).
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  // Applications that sign people in through Préau (OpenID Connect, CAS): a JSON file, docs/sso.md.
  SSO_CLIENTS_FILE: z.string().min(1).optional(),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string | undefined;
  logLevel: string;
  seedDemo: boolean;
  /** `sensitive`: direction, CPE, psyEN, social worker, nurse, school admins and DPO must use a second step. */
  mfaRequired: 'sensitive' | 'off';
  /** MFA_ENCRYPTION_KEY (base64 of 32 bytes), or undefined: a key kept in deployment_settings. */
  mfaEncryptionKey?: string | undefined;
  /** false, a number of proxy hops, or the proxies' addresses/ranges (Fastify's `trustProxy`). */
  trustProxy: false | number | string[];
  sessionIdleMs: number;
  sessionMaxMs: number;
  bodyLimit: number;
  /** Cookies get `Secure` and the `__Host-` prefix when Préau is served over https. */
  secureCookies: boolean;
  mail: MailConfig;
  /** clamd's socket path or host:port; unset: attachments are stored "not scanned". */
  clamdSocket: string | undefined;
  /** The folder of the local file storage (lib/storage.ts). */
  storageDir: string;
  /** S3-compatible object storage for uploaded files (STORAGE_BACKEND=s3); null: the local folder. */
  s3: S3Settings | null;
  /** Document spaces' quotas in bytes (docs/documents.md). */
  documentQuotas: { personalBytes: number; schoolBytes: number };
  /** Node processes serving the port (PREAU_WORKERS); more than one needs PostgreSQL and Redis. */
  workers: number;
  /** This process's number among them (1 when alone); worker 1 runs the periodic jobs. */
  workerId: number;
  /** Redis, for cache invalidations between processes; unset: this process's caches only. */
  redisUrl: string | undefined;
  /** Survival mode's limits (lib/overload.ts); 0 turns a limit off. */
  overload: OverloadLimits;
  /** Applications signing people in through Préau (SSO_CLIENTS_FILE, docs/sso.md); none by default. */
  ssoClients: SsoClient[];
};

/** How mail leaves Préau (docs/mail.md). */
export interface MailConfig {
  /** 'smtp' with SMTP_HOST; 'folder' (.eml files in `dir`) outside production without it; else 'off'. */
  transport: 'smtp' | 'folder' | 'off';
  smtp: { host: string; port: number; secure: boolean; user?: string; password?: string; requireTls: boolean } | null;
  from: string;
  dir: string;
  /** The hour (Europe/Paris) of the daily digest. */
  digestHour: number;
  tokenSecret: string | undefined;
  /** The bearer token of `POST /api/mail/dsn`; unset: the route answers 404. */
  bounceToken: string | undefined;
}

/** Object storage (lib/storage.ts, `s3Storage`). */
export interface S3Settings {
  /** Unset: Amazon S3 of `region`. */
  endpoint: string | undefined;
  bucket: string;
  region: string;
  /** Unset: the AWS SDK's default chain of credentials. */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  forcePathStyle: boolean;
}

export class ConfigError extends Error {}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** The S3_* settings when STORAGE_BACKEND=s3, checked together; a list of problems otherwise. */
function s3SettingsOf(c: z.infer<typeof ConfigSchema>): { settings: S3Settings | null; problems: string[] } {
  const problems: string[] = [];
  const given = (['S3_ENDPOINT', 'S3_BUCKET', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const).filter(
    (k) => c[k] !== undefined,
  );
  if (c.STORAGE_BACKEND === 'local') {
    // Settings for a backend that is not used are a mistake: files would silently go to the local folder.
    if (given.length > 0) problems.push(`STORAGE_BACKEND: ${given.join(', ')} set, but STORAGE_BACKEND is not s3`);
    return { settings: null, problems };
  }
  if (!c.S3_BUCKET) problems.push('S3_BUCKET: required with STORAGE_BACKEND=s3');
  if (!c.S3_REGION)
    problems.push('S3_REGION: required with STORAGE_BACKEND=s3 (us-east-1 for most S3-compatible servers)');
  if (Boolean(c.S3_ACCESS_KEY_ID) !== Boolean(c.S3_SECRET_ACCESS_KEY)) {
    problems.push('S3_ACCESS_KEY_ID: give S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY together, or neither');
  }
  if (c.S3_ENDPOINT) {
    const url = new URL(c.S3_ENDPOINT);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push('S3_ENDPOINT: an http(s) address');
    // Pupils' work never crosses a network in clear in production; http stays possible on this machine.
    else if (c.NODE_ENV === 'production' && url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
      problems.push('S3_ENDPOINT: https is required in production (http only to this machine)');
    }
  }
  if (problems.length > 0 || !c.S3_BUCKET || !c.S3_REGION) return { settings: null, problems };
  return {
    settings: {
      endpoint: c.S3_ENDPOINT,
      bucket: c.S3_BUCKET,
      region: c.S3_REGION,
      credentials:
        c.S3_ACCESS_KEY_ID && c.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: c.S3_ACCESS_KEY_ID, secretAccessKey: c.S3_SECRET_ACCESS_KEY }
          : undefined,
      // A self-hosted endpoint rarely has a DNS name per bucket: path style unless told otherwise.
      forcePathStyle: c.S3_FORCE_PATH_STYLE ?? c.S3_ENDPOINT !== undefined,
    },
    problems,
  };
}

/** Reads and validates the environment; throws ConfigError with every wrong setting named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (c.PREAU_WORKERS > 1 && (!c.DATABASE_URL || !c.REDIS_URL)) {
    throw new ConfigError(
      'Invalid configuration:\n  PREAU_WORKERS: several processes need DATABASE_URL (PostgreSQL) and REDIS_URL ' +
        '(their caches are invalidated through Redis); see docs/scale.md',
    );
  }
  const s3 = s3SettingsOf(c);
  if (s3.problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${s3.problems.map((p) => `  ${p}`).join('\n')}`);
  }
  let ssoClients: SsoClient[] = [];
  if (c.SSO_CLIENTS_FILE) {
    try {
      ssoClients = readSsoClientsFile(c.SSO_CLIENTS_FILE);
    } catch (e) {
      throw new ConfigError(`Invalid configuration:\n  SSO_CLIENTS_FILE: ${(e as Error).message}`);
    }
  }
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    dataDir: c.DATA_DIR,
    databaseUrl: c.DATABASE_URL,
    publicUrl: c.PUBLIC_URL,
    logLevel: c.LOG_LEVEL,
    // Production never gets the demo (and its well-known passwords) unless SEED_DEMO=true says so.
    seedDemo: c.SEED_DEMO ?? c.NODE_ENV !== 'production',
    // The demo's accounts are for trying Préau: nobody has an authenticator ready for them.
    mfaRequired: c.MFA_REQUIRED ?? ((c.SEED_DEMO ?? c.NODE_ENV !== 'production') ? 'off' : 'sensitive'),
    ...(c.MFA_ENCRYPTION_KEY ? { mfaEncryptionKey: c.MFA_ENCRYPTION_KEY } : {}),
    trustProxy: c.TRUST_PROXY,
    sessionIdleMs: c.SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: c.SESSION_MAX_HOURS * 3_600_000,
    bodyLimit: c.BODY_LIMIT_BYTES,
    secureCookies: c.PUBLIC_URL?.startsWith('https://') ?? false,
    mail: {
      transport: c.SMTP_HOST ? 'smtp' : c.NODE_ENV === 'production' ? 'off' : 'folder',
      smtp: c.SMTP_HOST
        ? {
            host: c.SMTP_HOST,
            port: c.SMTP_PORT,
            secure: c.SMTP_SECURE,
            ...(c.SMTP_USER ? { user: c.SMTP_USER } : {}),
            ...(c.SMTP_PASSWORD ? { password: c.SMTP_PASSWORD } : {}),
            // Passwords and children's news never cross the network in clear in production.
            requireTls: c.NODE_ENV === 'production' && !c.SMTP_SECURE,
          }
        : null,
      from: c.MAIL_FROM,
      dir: c.MAIL_DIR ?? `${c.DATA_DIR.replace(/\/+$/, '')}/mail`,
      digestHour: c.MAIL_DIGEST_HOUR,
      tokenSecret: c.MAIL_TOKEN_SECRET,
      bounceToken: c.MAIL_BOUNCE_TOKEN,
    },
    clamdSocket: c.CLAMD_SOCKET,
    storageDir: c.STORAGE_DIR ?? `${c.DATA_DIR.replace(/\/+$/, '')}/files`,
    s3: s3.settings,
    documentQuotas: {
      personalBytes: c.DOCUMENTS_PERSONAL_QUOTA_MB * 1024 * 1024,
      schoolBytes: c.DOCUMENTS_SCHOOL_QUOTA_MB * 1024 * 1024,
    },
    workers: c.PREAU_WORKERS,
    workerId: c.PREAU_WORKER_ID,
    redisUrl: c.REDIS_URL,
    overload: {
      maxInFlight: c.OVERLOAD_MAX_IN_FLIGHT,
      maxEventLoopDelayMs: c.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS,
      retryAfterSeconds: c.OVERLOAD_RETRY_AFTER_SECONDS,
    },
    ssoClients,
  };
}

/** Settings for tests: in-memory friendly, quiet. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  // Each test app stores its files in a folder of its own under the system's temporary folder.
  const storageDir = join(tmpdir(), `preau-test-files-${randomUUID()}`);
  return {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false' }),
    storageDir,
    mfaRequired: 'off',
    // A test machine under load must not shed the suite's own requests; overload.test.ts sets its limits.
    overload: { maxInFlight: 0, maxEventLoopDelayMs: 0, retryAfterSeconds: 30 },
    ...overrides,
  };
}
