import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../lib/errors.ts';
import { requireActor } from '../../lib/session.ts';
import { mailLocale, translator } from './mail.render.ts';
import {
  DsnJsonSchema,
  DsnResultSchema,
  MailBounceListSchema,
  MailBounceParamsSchema,
  MailOkSchema,
  MailPreferencesSchema,
  MailPreferencesUpdateSchema,
  MailSchoolParamsSchema,
  UnsubscribeParamsSchema,
} from './mail.schema.ts';
import * as service from './mail.service.ts';

const tags = ['mail'];

/** Mail preferences (own) and refused addresses (the school's). */
export const mailRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/me/mail-preferences', { schema: { tags, response: { 200: MailPreferencesSchema } } }, async (req) =>
    service.getOwnPreferences(app.db, app.config, requireActor(req)),
  );

  app.put(
    '/api/me/mail-preferences',
    { schema: { tags, body: MailPreferencesUpdateSchema, response: { 200: MailPreferencesSchema } } },
    async (req) => service.updateOwnPreferences(app.db, app.config, requireActor(req), req.body),
  );

  app.get(
    '/api/schools/:schoolId/mail/bounces',
    { schema: { tags, params: MailSchoolParamsSchema, response: { 200: MailBounceListSchema } } },
    async (req) => service.listBounces(app.db, requireActor(req), req.params.schoolId),
  );

  app.delete(
    '/api/schools/:schoolId/mail/bounces/:personId',
    { schema: { tags, params: MailBounceParamsSchema, response: { 200: MailOkSchema } } },
    async (req) => service.clearBounce(app.db, requireActor(req), req.params.schoolId, req.params.personId),
  );
};

const DSN_TYPES = ['multipart/report', 'message/rfc822', 'message/delivery-status', 'text/plain'];

/** The delivery-report route's credential: `Authorization: Bearer <MAIL_BOUNCE_TOKEN>`, compared in constant time. */
function checkBounceToken(req: FastifyRequest, expected: string | undefined) {
  if (!expected) throw new AppError('NOT_FOUND', 'Route not found');
  const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new AppError('UNAUTHENTICATED', 'A valid bearer token is required');
  }
}

/**
 * Delivery reports arriving after the mail left (docs/mail.md "Bounces"): what reads the bounce mailbox, or a mail
 * provider's webhook, posts them here. No session: the bearer token `MAIL_BOUNCE_TOKEN` is the credential; without
 * it configured the route does not exist (404).
 */
export const deliveryReportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addContentTypeParser(DSN_TYPES, { parseAs: 'string', bodyLimit: 512 * 1024 }, (_req, body, done) =>
    done(null, body),
  );
  app.post(
    '/api/mail/dsn',
    {
      bodyLimit: 512 * 1024,
      // Before the body is read or validated: a caller without the token learns nothing about the format.
      onRequest: async (req) => checkBounceToken(req, app.config.mail.bounceToken),
      schema: {
        tags,
        security: [],
        description:
          'A delivery status notification (RFC 3464: the whole `multipart/report` message, or its ' +
          '`message/delivery-status` part) or a JSON list of failed recipients. Permanent failures (5.x.x) are ' +
          'recorded as refused addresses. Requires `Authorization: Bearer <MAIL_BOUNCE_TOKEN>`.',
        consumes: [...DSN_TYPES, 'application/json'],
        body: DsnJsonSchema.or(
          z
            .string()
            .min(1)
            .max(512 * 1024),
        ),
        response: { 200: DsnResultSchema },
      },
    },
    async (req) => {
      const result = await service.recordDeliveryReport(app.db, req.body);
      req.log.info({ recorded: result.recorded, ignored: result.ignored }, 'delivery report');
      return result;
    },
  );
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(reply: FastifyReply, status: number, locale: string, title: string, content: string) {
  const l = mailLocale(locale);
  return (
    reply
      .code(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      // The token is in the address: it must not leak to another site.
      .header('referrer-policy', 'no-referrer')
      .header(
        'content-security-policy',
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      )
      .send(`<!doctype html>
<html lang="${l}" dir="${l === 'ar' ? 'rtl' : 'ltr'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} – Préau</title></head>
<body style="font-family:system-ui,sans-serif;font-size:1rem;line-height:1.5;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a">
<main>
<h1 style="font-size:1.5rem">${escapeHtml(title)}</h1>
${content}
</main>
</body>
</html>
`)
  );
}

/**
 * Unsubscribe links (public: the signed token is the credential). GET shows a confirmation page, so that a mail
 * scanner following links changes nothing; POST applies it: the page's button, or a mail client's one-click
 * unsubscribe (RFC 8058: `List-Unsubscribe=One-Click` in a form body).
 */
export const unsubscribeRoutes: FastifyPluginAsyncZod = async (app) => {
  // One-click POSTs are forms; their content is fixed and not needed. Only for this plugin's routes.
  app.addContentTypeParser(
    ['application/x-www-form-urlencoded', 'multipart/form-data'],
    { parseAs: 'string', bodyLimit: 4096 },
    (_req, _body, done) => done(null, {}),
  );

  app.get(
    '/desabonnement/:token',
    { schema: { tags, security: [], produces: ['text/html'], params: UnsubscribeParamsSchema } },
    async (req, reply) => {
      const found = await service.readUnsubscribeToken(app.db, app.config, req.params.token);
      if (!found) {
        const t = translator('fr');
        return page(
          reply,
          404,
          'fr',
          t('mail.unsubscribePage.title'),
          `<p>${escapeHtml(t('mail.unsubscribePage.invalid'))}</p>`,
        );
      }
      const t = translator(mailLocale(found.person.locale));
      const question = t('mail.unsubscribePage.question', {
        category: t(`mail.categories.${found.category}`),
        name: `${found.person.first_name} ${found.person.last_name}`,
      });
      return page(
        reply,
        200,
        found.person.locale,
        t('mail.unsubscribePage.title'),
        `<form method="post"><p>${escapeHtml(question)}</p><input type="hidden" name="List-Unsubscribe" value="One-Click">` +
          `<button type="submit" style="font-size:1rem;padding:.5rem 1rem">${escapeHtml(t('mail.unsubscribePage.confirm'))}</button></form>`,
      );
    },
  );

  app.post(
    '/desabonnement/:token',
    { schema: { tags, security: [], produces: ['text/html'], params: UnsubscribeParamsSchema } },
    async (req, reply) => {
      const found = await service.applyUnsubscribe(app.db, app.config, req.params.token);
      if (!found) {
        const t = translator('fr');
        return page(
          reply,
          404,
          'fr',
          t('mail.unsubscribePage.title'),
          `<p>${escapeHtml(t('mail.unsubscribePage.invalid'))}</p>`,
        );
      }
      const t = translator(mailLocale(found.person.locale));
      const done = t('mail.unsubscribePage.done', { category: t(`mail.categories.${found.category}`) });
      return page(
        reply,
        200,
        found.person.locale,
        t('mail.unsubscribePage.title'),
        `<p role="status">${escapeHtml(done)}</p>`,
      );
    },
  );
};
