import type { Db } from '../../db/types.ts';
import * as repo from './auth.repo.ts';
import type { Counter } from './auth.throttle.ts';

/**
 * Where sign-in failure counters live. Today the database (`auth_throttle`), shared by every process on the same
 * database; a store in Redis (rate-limiter-flexible) can replace it behind the same four calls.
 * Read-then-write is not atomic: concurrent attempts on one key may each see the same count (a known limit, see
 * docs/security.md).
 */
export interface ThrottleStore {
  read(keys: string[]): Promise<Map<string, Counter>>;
  write(entries: Array<{ key: string; counter: Counter }>): Promise<void>;
  clear(keys: string[]): Promise<void>;
  clearPrefix(prefix: string): Promise<void>;
}

export function sqlThrottleStore(db: Db): ThrottleStore {
  return {
    async read(keys) {
      const rows = keys.length === 0 ? [] : await repo.findThrottles(db, keys);
      return new Map(
        rows.map((r) => [
          r.key,
          {
            failures: r.failures,
            lastFailureAt: Date.parse(r.last_failure_at),
            lockedUntil: r.locked_until ? Date.parse(r.locked_until) : null,
          },
        ]),
      );
    },
    async write(entries) {
      await db.transaction().execute(async (trx) => {
        for (const { key, counter: c } of entries) {
          await repo.upsertThrottle(trx, {
            key,
            failures: c.failures,
            last_failure_at: new Date(c.lastFailureAt).toISOString(),
            locked_until: c.lockedUntil ? new Date(c.lockedUntil).toISOString() : null,
          });
        }
      });
    },
    clear: (keys) => repo.deleteThrottles(db, keys),
    clearPrefix: (prefix) => repo.deleteThrottlesLike(db, prefix),
  };
}
