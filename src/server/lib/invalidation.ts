import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * Cache invalidations, in this process and in every other Préau process of the deployment.
 *
 * A cache registers what drops its entries for a topic (`onInvalidate('calendars', schoolId => …)`); a write
 * calls `invalidate(topic, key)`, which drops them here at once and, when Redis is connected
 * (`connectInvalidationBus`), publishes the invalidation so that the other processes drop theirs within
 * Redis's delivery time. Messages carry this process's id so that it ignores its own.
 *
 * If Redis is unreachable, each cache still expires its entries by itself (every cache that registers here has a
 * short lifetime): another process then serves a stale entry until it expires, never longer.
 */
type Handler = (key: string) => void;

const CHANNEL = 'preau:invalidate';
const handlers = new Map<string, Handler[]>();
const origin = randomUUID();
let publisher: Redis | null = null;

export function onInvalidate(topic: string, handler: Handler): void {
  const list = handlers.get(topic) ?? [];
  list.push(handler);
  handlers.set(topic, list);
}

function runLocal(topic: string, key: string) {
  for (const h of handlers.get(topic) ?? []) h(key);
}

/** Drops the entries of `topic` for `key` here and in every connected process. */
export function invalidate(topic: string, key: string): void {
  runLocal(topic, key);
  if (publisher && publisher.status === 'ready') {
    publisher.publish(CHANNEL, JSON.stringify({ origin, topic, key })).catch(() => {});
  }
}

export interface InvalidationBus {
  close(): Promise<void>;
}

/**
 * Connects this process to the others through Redis (publish/subscribe on one channel). Resolves once the
 * subscription is in place, so that no invalidation published after start-up is missed.
 */
export async function connectInvalidationBus(
  url: string,
  log: (message: string, details?: object) => void,
): Promise<InvalidationBus> {
  const options = { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false };
  const pub = new Redis(url, options);
  const sub = new Redis(url, { ...options, enableOfflineQueue: true });
  for (const [name, c] of [
    ['publisher', pub],
    ['subscriber', sub],
  ] as const) {
    c.on('error', (e: Error) => log(`redis ${name}: ${e.message}`));
  }
  await Promise.all([pub.connect(), sub.connect()]);
  sub.on('message', (_channel: string, text: string) => {
    try {
      const m = JSON.parse(text) as { origin?: string; topic?: string; key?: string };
      if (m.origin === origin || typeof m.topic !== 'string' || typeof m.key !== 'string') return;
      runLocal(m.topic, m.key);
    } catch {
      // not one of ours
    }
  });
  await sub.subscribe(CHANNEL);
  publisher = pub;
  return {
    async close() {
      if (publisher === pub) publisher = null;
      sub.disconnect();
      pub.disconnect();
    },
  };
}
