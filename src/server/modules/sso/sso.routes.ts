import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type Provider from 'oidc-provider';
import { type Actor, isSchoolAdmin, schoolIdsOf } from '../../lib/policy.ts';
import { clearSessionCookie, loadActor, rawSessionToken, requireActor } from '../../lib/session.ts';
import type { SsoClient } from '../../lib/sso-clients.ts';
import * as authService from '../auth/auth.service.ts';
import { createProvider, OIDC_PREFIX } from './sso.oidc.ts';
import { casClientFor, mayUseClient } from './sso.policy.ts';
import * as repo from './sso.repo.ts';
import {
  ApplicationListSchema,
  CasLoginQuerySchema,
  CasLogoutQuerySchema,
  CasValidateQuerySchema,
  InteractionParamsSchema,
} from './sso.schema.ts';
import { casResponseXml, issueCasTicket, validateCasTicket } from './sso.service.ts';

const hidden = { hide: true } as const;

/** The sign-in page, coming back to `path` (a path of Préau's own, built here) afterwards. */
const signInPath = (path: string) => `/connexion?redirect=${encodeURIComponent(path)}`;

/** Plain-text refusals for the browser-facing SSO pages (no JSON: a person reads them). */
function refuse(reply: FastifyReply, status: number, message: string) {
  return reply.code(status).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(`${message}\n`);
}

/**
 * Signing in to other applications through Préau (docs/sso.md): an OpenID Connect provider under /oidc and a CAS
 * 3.0 server under /cas, both answering from Préau's own session; GET /api/sso/applications for the web page.
 */
export const ssoRoutes: FastifyPluginAsyncZod = async (app) => {
  const clients: readonly SsoClient[] = app.config.ssoClients;
  const db = app.db;

  // The session behind the request's cookie (routes outside /api resolve it here, on demand).
  const actorOf = async (req: FastifyRequest): Promise<Actor | null> => {
    const token = rawSessionToken(req, app.config);
    const actor = req.actor ?? (token ? await loadActor(db, app.config, token, app.sessionTouches) : null);
    // A session opened only to set up the second sign-in step signs nobody in elsewhere (auth.mfa.ts).
    return actor?.mfaEnrolmentPending ? null : actor;
  };

  // Expired provider models and CAS tickets: hourly, in worker 1 (docs/scale.md).
  if (app.config.workerId === 1) {
    const purge = setInterval(
      () => void repo.purgeExpired(db, new Date().toISOString()).catch((e) => app.log.error(e)),
      3_600_000,
    );
    purge.unref();
    app.addHook('onClose', async () => clearInterval(purge));
  }

  // ---- OpenID Connect ----
  if (clients.some((c) => c.kind === 'oidc')) {
    const provider = await createProvider(db, app.config, clients, app.sessionTouches);
    provider.on('server_error', (_ctx, err) => app.log.error(err, 'oidc-provider server error'));
    await app.register(async (scope) => oidcMount(scope, provider));

    app.get(
      `${OIDC_PREFIX}/interaction/:uid`,
      { schema: { ...hidden, params: InteractionParamsSchema } },
      async (req, reply) => {
        const { uid } = req.params;
        let details: Awaited<ReturnType<Provider['interactionDetails']>>;
        try {
          details = await provider.interactionDetails(req.raw, reply.raw);
        } catch {
          return refuse(reply, 400, 'This sign-in request has expired: go back to the application and start again.');
        }
        if (details.uid !== uid) return refuse(reply, 400, 'Unknown sign-in request.');
        const actor = await actorOf(req);
        if (!actor) return reply.redirect(signInPath(`${OIDC_PREFIX}/interaction/${uid}`));
        const client = clients.find((c) => c.kind === 'oidc' && c.clientId === details.params.client_id);
        let result: Record<string, unknown>;
        if (!client || !mayUseClient(actor.profiles, client)) {
          result = { error: 'access_denied', error_description: 'this account may not use this application' };
        } else {
          const grant = details.grantId
            ? ((await provider.Grant.find(details.grantId)) ??
              new provider.Grant({ accountId: actor.personId, clientId: client.clientId }))
            : new provider.Grant({ accountId: actor.personId, clientId: client.clientId });
          grant.addOIDCScope(String(details.params.scope ?? 'openid'));
          const grantId = await grant.save();
          result = { login: { accountId: actor.personId }, consent: { grantId } };
        }
        const url = await provider.interactionResult(req.raw, reply.raw, result, { mergeWithLastSubmission: false });
        return reply.header('cache-control', 'no-store').redirect(url, 303);
      },
    );
  }

  // ---- CAS 3.0 ----
  app.get('/cas/login', { schema: { ...hidden, querystring: CasLoginQuerySchema } }, async (req, reply) => {
    const { service, gateway } = req.query;
    if (!service) return reply.redirect('/');
    const client = casClientFor(clients, service);
    if (!client) return refuse(reply, 400, 'This application is not registered with Préau.');
    const actor = await actorOf(req);
    if (!actor) {
      // gateway: the application only asks whether someone is signed in; back to it without a ticket.
      if (gateway === 'true' || gateway === '1') return reply.redirect(service);
      return reply.redirect(signInPath(req.url));
    }
    if (!mayUseClient(actor.profiles, client)) {
      return refuse(reply, 403, 'This account may not use this application.');
    }
    const ticket = await issueCasTicket(db, {
      client,
      service,
      personId: actor.personId,
      schoolId: actor.currentSchoolId,
    });
    const target = new URL(service);
    target.searchParams.append('ticket', ticket);
    return reply.header('cache-control', 'no-store').redirect(target.href);
  });

  const serviceValidate = async (
    req: FastifyRequest<{ Querystring: { ticket?: string; service?: string } }>,
    reply: FastifyReply,
  ) => {
    const result = await validateCasTicket(db, clients, { ticket: req.query.ticket, service: req.query.service });
    return reply
      .header('cache-control', 'no-store')
      .type('application/xml; charset=utf-8')
      .send(casResponseXml(result));
  };
  app.get('/cas/serviceValidate', { schema: { ...hidden, querystring: CasValidateQuerySchema } }, serviceValidate);
  app.get('/cas/p3/serviceValidate', { schema: { ...hidden, querystring: CasValidateQuerySchema } }, serviceValidate);
  // Service tickets are valid at the proxy endpoints too (CAS 3.0 §2.6); proxy tickets are not issued.
  app.get('/cas/proxyValidate', { schema: { ...hidden, querystring: CasValidateQuerySchema } }, serviceValidate);
  app.get('/cas/p3/proxyValidate', { schema: { ...hidden, querystring: CasValidateQuerySchema } }, serviceValidate);
  // CAS 1.0: "yes\n<user>\n" or "no\n\n", for the oldest clients.
  app.get('/cas/validate', { schema: { ...hidden, querystring: CasValidateQuerySchema } }, async (req, reply) => {
    const result = await validateCasTicket(db, clients, { ticket: req.query.ticket, service: req.query.service });
    return reply
      .header('cache-control', 'no-store')
      .type('text/plain; charset=utf-8')
      .send(result.ok ? `yes\n${result.identity.login}\n` : 'no\n\n');
  });

  app.get('/cas/logout', { schema: { ...hidden, querystring: CasLogoutQuerySchema } }, async (req, reply) => {
    const actor = await actorOf(req);
    if (actor) await authService.logout(db, actor);
    clearSessionCookie(reply, app.config);
    const { service } = req.query;
    // Back to a registered application only: never to an address someone put in a link.
    if (service && casClientFor(clients, service)) return reply.redirect(service);
    return reply.redirect('/connexion?au-revoir');
  });

  // ---- the Applications page ----
  app.get(
    '/api/sso/applications',
    { schema: { tags: ['sso'], response: { 200: ApplicationListSchema } } },
    async (req) => {
      const actor = requireActor(req);
      const isAdmin = actor.isDeploymentAdmin || schoolIdsOf(actor).some((s) => isSchoolAdmin(actor, s));
      return {
        applications: clients
          .filter((c) => mayUseClient(actor.profiles, c))
          .map((c) => ({
            clientId: c.clientId,
            name: c.name,
            description: c.description ?? null,
            kind: c.kind,
            launchUrl: launchUrlOf(c),
          })),
        registered: isAdmin
          ? clients.map((c) => ({
              clientId: c.clientId,
              name: c.name,
              kind: c.kind,
              redirectUris: c.redirectUris,
              profiles: c.profiles,
            }))
          : null,
      };
    },
  );
};

/** A CAS application is opened through /cas/login (a ticket on the way); any other at its own address. */
function launchUrlOf(c: SsoClient): string | null {
  if (!c.url) return null;
  if (c.kind === 'cas' && casClientFor([c], c.url)) return `/cas/login?service=${encodeURIComponent(c.url)}`;
  return c.url;
}

/**
 * Mounts the provider (a Koa application) on /oidc/*. Fastify must not read the bodies (the token endpoint's form):
 * this scope's content-type parser leaves the stream to the provider. The prefix is taken off the URL and kept in
 * `originalUrl`, which is how the provider finds its mount path.
 */
async function oidcMount(scope: Parameters<FastifyPluginAsyncZod>[0], provider: Provider) {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
  const callback = provider.callback();
  scope.all(`${OIDC_PREFIX}/*`, { schema: hidden }, async (req, reply) => {
    const raw = req.raw as typeof req.raw & { originalUrl?: string };
    raw.originalUrl = raw.url;
    raw.url = raw.url!.slice(OIDC_PREFIX.length) || '/';
    reply.hijack();
    await callback(raw, reply.raw);
  });
}
