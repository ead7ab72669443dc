import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Executor } from '../../db/types.ts';
import { nowIso } from '../../lib/ids.ts';
import * as repo from './auth.repo.ts';

/**
 * TOTP secrets at rest (docs/security.md, "Two-step sign-in"): AES-256-GCM under a deployment key, bound to the
 * person (the row's person id is the additional authenticated data, so a sealed secret copied onto another row
 * does not open). Stored as `v1:<key id>:<iv>:<tag>:<ciphertext>` (base64url); a value without the prefix is a
 * secret stored in clear by an earlier version (base32, never contains ':') and is still read, until the start-up
 * step seals it.
 *
 * The key: MFA_ENCRYPTION_KEY (32 bytes, base64) when set; else a random key created once and kept in
 * deployment_settings. A key kept in the database protects a leaked column or a partial dump, not a full copy of
 * the database: the environment key is the stronger choice. Both are known when both exist, so that moving from
 * the stored key to an environment key re-seals every secret at the next start.
 */
const VERSION = 'v1';
const SETTING = 'mfa_encryption_key';

export interface MfaKeys {
  current: { id: string; key: Buffer };
  byId: ReadonlyMap<string, Buffer>;
}

const keyId = (key: Buffer) => createHash('sha256').update(key).digest('base64url').slice(0, 8);
const aad = (personId: string) => Buffer.from(`preau-mfa-totp:${VERSION}:${personId}`, 'utf8');

/** MFA_ENCRYPTION_KEY as 32 bytes, or an error naming the setting. */
export function parseConfiguredKey(value: string): Buffer {
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
    throw new Error('MFA_ENCRYPTION_KEY must be 32 bytes in base64 (openssl rand -base64 32)');
  }
  return key;
}

const cache = new WeakMap<object, Map<string, MfaKeys>>();

/** The keys of the deployment: the one that seals (configured, else stored) and every one known to open. */
export async function mfaKeys(db: Executor, configured: string | undefined): Promise<MfaKeys> {
  const perDb = cache.get(db) ?? new Map<string, MfaKeys>();
  cache.set(db, perDb);
  const known = perDb.get(configured ?? '');
  if (known) return known;
  const stored = configured
    ? await repo.findSetting(db, SETTING)
    : await repo.getOrCreateSetting(db, SETTING, () => randomBytes(32).toString('base64'), nowIso());
  const byId = new Map<string, Buffer>();
  const storedKey = stored ? Buffer.from(stored, 'base64') : null;
  if (storedKey) byId.set(keyId(storedKey), storedKey);
  const key = configured ? parseConfiguredKey(configured) : storedKey!;
  byId.set(keyId(key), key);
  const keys = { current: { id: keyId(key), key }, byId };
  perDb.set(configured ?? '', keys);
  return keys;
}

export function sealSecret(keys: MfaKeys, personId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.current.key, iv);
  cipher.setAAD(aad(personId));
  const ct = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  const b = (x: Buffer) => x.toString('base64url');
  return [VERSION, keys.current.id, b(iv), b(cipher.getAuthTag()), b(ct)].join(':');
}

export const isSealed = (stored: string) => stored.startsWith(`${VERSION}:`);
export const isSealedWithCurrent = (keys: MfaKeys, stored: string) =>
  stored.startsWith(`${VERSION}:${keys.current.id}:`);

/** The secret of a stored value: opened, or as it is when stored in clear. Throws on an unknown key or tampering. */
export function openSecret(keys: MfaKeys, personId: string, stored: string): string {
  if (!isSealed(stored)) return stored;
  const [, id, iv, tag, ct] = stored.split(':') as [string, string, string, string, string];
  const key = keys.byId.get(id);
  if (!key)
    throw new Error(`A two-step sign-in secret is sealed with an unknown key (${id}): was MFA_ENCRYPTION_KEY changed?`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(aad(personId));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}

/**
 * The start-up step: every secret stored in clear, or sealed with a key that is no longer the current one, is
 * sealed with the current key. A row changed meanwhile (a new set-up) is left to its writer. Returns how many
 * were sealed and how many could not be opened (an unknown key).
 */
export async function sealStoredSecrets(db: Executor, configured: string | undefined) {
  const keys = await mfaKeys(db, configured);
  let sealed = 0;
  let unreadable = 0;
  for (const row of await repo.findAllTotpSecrets(db)) {
    if (isSealedWithCurrent(keys, row.secret)) continue;
    let secret: string;
    try {
      secret = openSecret(keys, row.person_id, row.secret);
    } catch {
      unreadable++;
      continue;
    }
    if (await repo.replaceTotpSecret(db, row.person_id, row.secret, sealSecret(keys, row.person_id, secret))) sealed++;
  }
  return { sealed, unreadable };
}
