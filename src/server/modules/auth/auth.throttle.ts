import { BlockList, isIP } from 'node:net';

/**
 * Sign-in throttling, as pure rules over failure counters (docs/security.md, "Sign-in").
 *
 * Nobody may be able to keep an owner out of their account, and one address shared by a whole collège (a NAT)
 * must not lock the collège out. So:
 *  - every rule is a growing delay that ends by itself, never a lock (except `password`, which only the holder of
 *    a session can trigger against themselves);
 *  - an attempt from a **trusted context** — a device cookie set by an earlier successful sign-in of that person,
 *    or (outside school networks) an address the person signed in from before — is never refused by the
 *    per-login counters (`login`, `pair`), whatever others do to that login; a trusted device is only slowed by
 *    its own counter, and loses its trust after DEVICE_DISTRUST_AT failures of its own;
 *  - school network ranges (sites' `network_ranges`) get their own, gentler, address rules: hundreds of people
 *    share one address there.
 * Counters older than the window are forgotten; a success clears the login and pair counters.
 */
export const WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;
/** A device cookie with this many failures of its own is no longer trusted (OWASP: device cookie lockout). */
export const DEVICE_DISTRUST_AT = 10;

export type ThrottleKind = 'device' | 'pair' | 'login' | 'address' | 'activation' | 'password' | 'mfa';

export interface Rule {
  /** The number of failures from which a delay applies. */
  delayFrom: number;
  maxDelayMs: number;
  /** A lock after this many failures; null: never. */
  lockAt: number | null;
}

const SECOND = 1000;
const MINUTE = 60_000;

export const RULES: Record<ThrottleKind, Rule> = {
  /** Failures from one device cookie, whatever the login. */
  device: { delayFrom: 3, maxDelayMs: MINUTE, lockAt: null },
  /** One login from one address: guessing one person's password from one place. */
  pair: { delayFrom: 3, maxDelayMs: 15 * MINUTE, lockAt: null },
  /** One login from anywhere (a distributed guess); never applies to a trusted context. */
  login: { delayFrom: 10, maxDelayMs: 30 * SECOND, lockAt: null },
  /** One address, any login (password spraying). */
  address: { delayFrom: 30, maxDelayMs: 5 * MINUTE, lockAt: null },
  /** Wrong activation codes from one address. */
  activation: { delayFrom: 5, maxDelayMs: MINUTE, lockAt: null },
  /** Wrong current passwords from one signed-in person (a stolen session must not be a guessing oracle). */
  password: { delayFrom: 3, maxDelayMs: MINUTE, lockAt: 10 },
  /** Wrong second-step codes for one person, whatever the challenge (a 6-digit code is a small space). */
  mfa: { delayFrom: 3, maxDelayMs: MINUTE, lockAt: 10 },
};

/** From a school's network: one address for a whole collège, where a class activates its accounts at once. */
export const SCHOOL_RULES: Partial<Record<ThrottleKind, Rule>> = {
  pair: { delayFrom: 5, maxDelayMs: MINUTE, lockAt: null },
  address: { delayFrom: 300, maxDelayMs: 10 * SECOND, lockAt: null },
  activation: { delayFrom: 60, maxDelayMs: 10 * SECOND, lockAt: null },
};

export const ruleFor = (kind: ThrottleKind, onSchoolNetwork = false): Rule =>
  (onSchoolNetwork ? SCHOOL_RULES[kind] : undefined) ?? RULES[kind];

export interface Counter {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number | null;
}

export const throttleKey = {
  pair: (login: string, ip: string) => `pair:${login.toLowerCase()}|${ip}`,
  login: (login: string) => `acct:${login.toLowerCase()}`,
  address: (ip: string) => `ip:${ip}`,
  device: (deviceHash: string) => `dev:${deviceHash}`,
  activation: (ip: string) => `act:${ip}`,
  password: (personId: string) => `pw:${personId}`,
  mfa: (personId: string) => `mfa:${personId}`,
};

/** Failures still counting at `now` (0 once the window has passed without a lock in force). */
export function liveFailures(c: Counter | undefined, now: number): number {
  if (!c) return 0;
  if (c.lockedUntil !== null && c.lockedUntil > now) return c.failures;
  return now - c.lastFailureAt > WINDOW_MS ? 0 : c.failures;
}

/** Milliseconds to wait before another attempt is accepted; 0 when one may try now. */
export function waitMs(rule: Rule, c: Counter | undefined, now: number): number {
  if (!c) return 0;
  if (c.lockedUntil !== null && c.lockedUntil > now) return c.lockedUntil - now;
  const n = liveFailures(c, now);
  if (n < rule.delayFrom) return 0;
  const delay = Math.min(SECOND * 2 ** Math.min(n - rule.delayFrom, 30), rule.maxDelayMs);
  return Math.max(0, c.lastFailureAt + delay - now);
}

/** The counter after one more failure at `now`. */
export function afterFailure(rule: Rule, c: Counter | undefined, now: number): Counter {
  const lockExpired = c?.lockedUntil != null && c.lockedUntil <= now;
  const failures = (lockExpired ? 0 : liveFailures(c, now)) + 1;
  const lockedUntil = rule.lockAt !== null && failures >= rule.lockAt ? now + LOCK_MS : null;
  return { failures, lastFailureAt: now, lockedUntil };
}

export interface AttemptContext {
  /** The device cookie is trusted for this login, and has not failed too often itself. */
  trustedDevice: boolean;
  /** The person signed in successfully from this address before (never counted on a school network). */
  knownAddress: boolean;
  onSchoolNetwork: boolean;
}

/**
 * Which counters may refuse a sign-in attempt, and which count its failure. A trusted device answers only to its
 * own counter; a known address is never refused by the per-login counters; anyone else meets all of them.
 */
export function countersFor(ctx: AttemptContext): { check: ThrottleKind[]; record: ThrottleKind[] } {
  if (ctx.trustedDevice) return { check: ['device'], record: ['device'] };
  const record: ThrottleKind[] = ['login', 'pair', 'address'];
  if (ctx.knownAddress) return { check: ['address'], record };
  return { check: ['login', 'pair', 'address'], record };
}

/** The address ranges of every school site, matched in one lookup. */
export class NetworkRanges {
  private readonly list = new BlockList();
  readonly size: number;

  constructor(ranges: Iterable<string>) {
    let n = 0;
    for (const range of ranges) {
      const [addr, prefix] = range.split('/');
      const family = addr ? isIP(addr) : 0;
      if (!family || prefix === undefined || !/^\d{1,3}$/.test(prefix)) continue;
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (Number(prefix) > (family === 4 ? 32 : 128)) continue;
      this.list.addSubnet(addr!, Number(prefix), type);
      n++;
    }
    this.size = n;
  }

  has(ip: string): boolean {
    const plain = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
    const family = isIP(plain);
    if (!family) return false;
    return this.list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  }
}
