import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../lib/session.ts';
import { mailLocale, translator } from './mail.render.ts';
import {
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
