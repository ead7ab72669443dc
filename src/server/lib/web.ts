import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { notFound } from './errors.ts';

/** Where `vite build` writes the web app (vite.config.ts: build.outDir). */
export const WEB_DIST_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../dist/web');

/**
 * No inline script anywhere: Vite emits external module scripts only. React sets styles through the CSSOM,
 * which style-src does not restrict; react-aria may add a style attribute while parsing, hence
 * 'unsafe-inline' for styles only (never for scripts).
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function htmlHeaders(reply: FastifyReply) {
  reply
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('x-frame-options', 'DENY')
    .header('permissions-policy', 'camera=(), microphone=(), geolocation=()')
    .header('cache-control', 'no-cache');
}

/** Serves the built web app (src/web → dist/web) and falls back to index.html for client routes. */
export async function registerWebApp(app: FastifyInstance, distDir = WEB_DIST_DIR): Promise<void> {
  const indexFile = join(distDir, 'index.html');
  // Tests of the API run without a build: serve nothing, fail nothing.
  if (!existsSync(indexFile)) return;
  // The idle timeout is the server's setting: the page reads it to warn before the session ends.
  const idleMinutes = String(Math.round(app.config.sessionIdleMs / 60_000));
  const indexHtml = readFileSync(indexFile, 'utf8').replace(
    /<meta name="preau-idle-minutes" content="\d+"/,
    `<meta name="preau-idle-minutes" content="${idleMinutes}"`,
  );

  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    index: false,
    wildcard: false,
    allowedPath: (path) => path !== '/index.html',
    setHeaders(res, path) {
      res.header('x-content-type-options', 'nosniff');
      // Hashed file names change with their content: cache them for a year.
      if (/[\\/]assets[\\/]/.test(path)) res.header('cache-control', 'public, max-age=31536000, immutable');
      else res.header('cache-control', 'public, max-age=3600');
    },
  });

  const sendIndex = (url: string, reply: FastifyReply) => {
    if (url === '/api' || url.startsWith('/api/') || url.startsWith('/api?')) throw notFound();
    htmlHeaders(reply);
    return reply.type('text/html; charset=utf-8').send(indexHtml);
  };
  app.get('/', { schema: { hide: true } }, (req, reply) => sendIndex(req.url, reply));
  app.get('/*', { schema: { hide: true } }, (req, reply) => sendIndex(req.url, reply));
}
