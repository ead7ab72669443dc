/**
 * Sign-in throttling, as pure rules over counters kept in `auth_throttle`.
 *
 * Three counters per attempt:
 *  - pair  (login + address): growing delay from the 3rd failure, a 15-minute lock after 10;
 *  - account (login, from anywhere): growing delay only, capped at 30 s — never a lock, so that
 *    nobody can lock someone else out of their own account;
 *  - address (any login): a 15-minute lock after 100 failures (password spraying).
 * Counters older than the window are forgotten; a lock always ends by itself; success clears
 * the pair and account counters.
 */
export const WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

export type ThrottleKind = 'pair' | 'account' | 'address';

interface Rule {
  delayFrom: number;
  maxDelayMs: number;
  lockAt: number | null;
}

export const RULES: Record<ThrottleKind, Rule> = {
  pair: { delayFrom: 3, maxDelayMs: 60_000, lockAt: 10 },
  account: { delayFrom: 10, maxDelayMs: 30_000, lockAt: null },
  address: { delayFrom: 30, maxDelayMs: 10_000, lockAt: 100 },
};

export interface Counter {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number | null;
}

export const throttleKeys = (login: string, ip: string): Record<ThrottleKind, string> => ({
  pair: `pair:${login.toLowerCase()}|${ip}`,
  account: `acct:${login.toLowerCase()}`,
  address: `ip:${ip}`,
});

/** Failures still counting at `now` (0 once the window has passed without a lock in force). */
export function liveFailures(c: Counter | undefined, now: number): number {
  if (!c) return 0;
  if (c.lockedUntil !== null && c.lockedUntil > now) return c.failures;
  return now - c.lastFailureAt > WINDOW_MS ? 0 : c.failures;
}

/** Milliseconds to wait before another attempt is accepted; 0 when one may try now. */
export function waitMs(kind: ThrottleKind, c: Counter | undefined, now: number): number {
  if (!c) return 0;
  if (c.lockedUntil !== null && c.lockedUntil > now) return c.lockedUntil - now;
  const rule = RULES[kind];
  const n = liveFailures(c, now);
  if (n < rule.delayFrom) return 0;
  const delay = Math.min(1000 * 2 ** (n - rule.delayFrom), rule.maxDelayMs);
  return Math.max(0, c.lastFailureAt + delay - now);
}

/** The counter after one more failure at `now`. */
export function afterFailure(kind: ThrottleKind, c: Counter | undefined, now: number): Counter {
  const rule = RULES[kind];
  const lockExpired = c?.lockedUntil != null && c.lockedUntil <= now;
  const failures = (lockExpired ? 0 : liveFailures(c, now)) + 1;
  const lockedUntil = rule.lockAt !== null && failures >= rule.lockAt ? now + LOCK_MS : null;
  return { failures, lastFailureAt: now, lockedUntil };
}
