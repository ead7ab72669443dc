import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Survival mode (docs/scale.md): past saturation, Préau answers what can wait with a fast 503 and `Retry-After`
 * instead of queueing it until every request times out, and keeps serving what cannot wait.
 *
 * Two signals, either one sheds: more requests in flight in this process than `maxInFlight` (a bounded queue:
 * each waiting request holds memory and a database slot), or an event loop late by more than
 * `maxEventLoopDelayMs` (measured by @fastify/under-pressure). Only API requests are shed: the web app's files
 * are cheap and carry the calm page that tells families to come back later (errors.OVERLOADED).
 */
export interface OverloadLimits {
  maxInFlight: number;
  maxEventLoopDelayMs: number;
  retryAfterSeconds: number;
  /** How often the event loop's delay is measured (default 1 s; tests shorten it). */
  sampleIntervalMs?: number;
}

/**
 * Served first, even when overloaded: signing in, the frame of every page (`/api/me`), and the teacher's roll call
 * (the course's roll call, the week that leads to it). Declared here, in one place, by route pattern.
 */
export const PRIORITY_ROUTES: ReadonlyArray<readonly [method: string, url: string]> = [
  ['POST', '/api/auth/login'],
  ['POST', '/api/auth/logout'],
  ['GET', '/api/me'],
  ['GET', '/api/attendance/sessions/:courseId/:date'],
  ['PUT', '/api/attendance/sessions/:courseId/:date'],
  ['GET', '/api/attendance/extra-sessions/:extraSessionId'],
  ['PUT', '/api/attendance/extra-sessions/:extraSessionId'],
  ['GET', '/api/timetable/teachers/:teacherId/week'],
  ['GET', '/healthz'],
  ['GET', '/readyz'],
];
const priority = new Set(PRIORITY_ROUTES.map(([m, u]) => `${m} ${u}`));

function canWait(req: FastifyRequest): boolean {
  if (!req.url.startsWith('/api/')) return false;
  return !priority.has(`${req.method} ${req.routeOptions.url ?? ''}`);
}

export interface OverloadCounters {
  /** API requests answered 503 since start, by reason. */
  shed: { inFlight: number; eventLoop: number };
  inFlight: () => number;
}

export async function registerOverload(app: FastifyInstance, limits: OverloadLimits): Promise<OverloadCounters> {
  const counters = { shed: { inFlight: 0, eventLoop: 0 } };
  const refuse = (reply: FastifyReply, reason: 'inFlight' | 'eventLoop') => {
    counters.shed[reason] += 1;
    return reply
      .code(503)
      .header('retry-after', String(limits.retryAfterSeconds))
      .send({
        error: 'OVERLOADED',
        message: 'Préau is very busy: try again in a few minutes',
        requestId: String(reply.request.id),
      });
  };
  await app.register(underPressure, {
    // 0: not checked.
    maxEventLoopDelay: limits.maxEventLoopDelayMs,
    retryAfter: limits.retryAfterSeconds,
    sampleInterval: limits.sampleIntervalMs ?? 1000,
    // Under pressure, what can wait is refused; the rest goes on (returning nothing lets the request through).
    pressureHandler: (req, reply) => {
      if (canWait(req)) refuse(reply, 'eventLoop');
    },
  });
  let inFlight = 0;
  const counted = new WeakSet<FastifyRequest>();
  const release = (req: FastifyRequest) => {
    if (counted.delete(req)) inFlight -= 1;
  };
  app.addHook('onRequest', (req, reply, done) => {
    if (limits.maxInFlight > 0 && inFlight >= limits.maxInFlight && canWait(req)) {
      refuse(reply, 'inFlight');
      return;
    }
    inFlight += 1;
    counted.add(req);
    done();
  });
  app.addHook('onResponse', (req, _reply, done) => {
    release(req);
    done();
  });
  app.addHook('onRequestAbort', (req, done) => {
    release(req);
    done();
  });
  return { ...counters, inFlight: () => inFlight };
}
