import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Executor } from '../../db/types.ts';
import { nowIso } from '../../lib/ids.ts';
import * as repo from './mail.repo.ts';

// Unsubscribe links carry `v1.<person id>.<category>.<HMAC-SHA256>`: whoever holds the link may stop that category
// for that person, nothing else (docs/security.md, "Mail"). No expiry: a link in an old mail keeps working.

const cache = new WeakMap<object, Buffer>();

/** The HMAC key: MAIL_TOKEN_SECRET when set, else a random key created once and kept in deployment_settings. */
export async function tokenKey(db: Executor, configured: string | undefined): Promise<Buffer> {
  if (configured) return Buffer.from(configured, 'utf8');
  const known = cache.get(db);
  if (known) return known;
  const value = await repo.getOrCreateSetting(
    db,
    'mail_token_secret',
    () => randomBytes(32).toString('base64url'),
    nowIso(),
  );
  const key = Buffer.from(value, 'base64url');
  cache.set(db, key);
  return key;
}

const mac = (key: Buffer, personId: string, category: string) =>
  createHmac('sha256', key).update(`preau-unsubscribe:v1:${personId}:${category}`).digest('base64url');

export function signUnsubscribe(key: Buffer, personId: string, category: string): string {
  return `v1.${personId}.${category}.${mac(key, personId, category)}`;
}

/** The person and category of a genuine token; null for anything else (tampered, truncated, another key). */
export function verifyUnsubscribe(key: Buffer, token: string): { personId: string; category: string } | null {
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== 'v1') return null;
  const [, personId, category, given] = parts as [string, string, string, string];
  if (!/^[\w-]{1,64}$/.test(personId) || !/^[a-z_]{1,32}$/.test(category)) return null;
  const expected = Buffer.from(mac(key, personId, category));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  return { personId, category };
}
