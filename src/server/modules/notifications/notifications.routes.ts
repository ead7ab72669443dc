import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** The notification centre. */
export const notificationRoutes: FastifyPluginAsyncZod = async (_app) => {};
