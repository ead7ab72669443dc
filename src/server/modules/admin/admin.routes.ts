import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Directory administration (school administrators). */
export const adminRoutes: FastifyPluginAsyncZod = async (_app) => {};
