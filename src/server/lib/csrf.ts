import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site write protection, two layers:
 * 1. Any unsafe request announced as cross-site by the browser (Sec-Fetch-Site, or an Origin that is not
 *    this host) is refused — this also covers sign-in, where no session exists yet.
 * 2. Unsafe requests made with a session must carry `x-csrf-token`, a value bound to the session that only
 *    our own pages can read (it comes with the sign-in answer and GET /api/me).
 */
export function checkCrossSite(req: FastifyRequest, expectedToken: string | null, publicHost?: string) {
  if (SAFE.has(req.method)) return;
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site') throw new AppError('CSRF_REJECTED', 'Cross-site request refused');
  const origin = req.headers.origin;
  if (origin && origin !== 'null') {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      throw new AppError('CSRF_REJECTED', 'Cross-site request refused');
    }
    // Behind a proxy that rewrites Host, the address families use (PUBLIC_URL) is the one to compare with.
    if (host !== req.headers.host && host !== publicHost) {
      throw new AppError('CSRF_REJECTED', 'Cross-site request refused');
    }
  } else if (origin === 'null') {
    throw new AppError('CSRF_REJECTED', 'Cross-site request refused');
  }
  if (expectedToken === null) return;
  const given = req.headers['x-csrf-token'];
  if (typeof given !== 'string' || !safeEqual(given, expectedToken)) {
    throw new AppError('CSRF_REJECTED', 'Missing or wrong x-csrf-token header');
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
