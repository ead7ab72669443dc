import { readFileSync } from 'node:fs';
import i18next, { type TFunction } from 'i18next';
import type { NotificationTable } from '../../db/types.ts';
import { deName } from '../../lib/french.ts';
import type { OutgoingMail } from '../../lib/mail-transport.ts';

// Mails are written with the web app's own catalogues (src/web/i18n/*.json): the `notify` texts that the
// notification centre shows, and the `mail` texts around them. One source of truth for both.

export const MAIL_LOCALES = ['fr', 'en', 'ar'] as const;
export type MailLocale = (typeof MAIL_LOCALES)[number];
export const mailLocale = (l: string | null | undefined): MailLocale =>
  (MAIL_LOCALES as readonly string[]).includes(l ?? '') ? (l as MailLocale) : 'fr';

const catalogue = (l: MailLocale) =>
  JSON.parse(readFileSync(new URL(`../../../web/i18n/${l}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

const i18n = i18next.createInstance();
void i18n.init({
  initAsync: false,
  lng: 'fr',
  fallbackLng: false,
  resources: Object.fromEntries(MAIL_LOCALES.map((l) => [l, { translation: catalogue(l) }])),
  interpolation: { escapeValue: false },
  returnNull: false,
});
i18n.services.formatter?.add('de', (value) => deName(String(value)));

export const translator = (locale: MailLocale): TFunction => i18n.getFixedT(locale);

const INTL: Record<MailLocale, string> = { fr: 'fr-FR', en: 'en-GB', ar: 'ar' };

export function formatDay(iso: string, locale: MailLocale) {
  return new Intl.DateTimeFormat(INTL[locale], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T12:00:00Z`));
}

export function formatInstant(iso: string, locale: MailLocale) {
  return new Intl.DateTimeFormat(INTL[locale], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Paris',
  }).format(new Date(iso));
}

function parseParams(json: string | null): Record<string, string | number> | null {
  if (json === null) return null;
  try {
    const v: unknown = JSON.parse(json);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
    return Object.fromEntries(
      Object.entries(v).filter((e): e is [string, string | number] => ['string', 'number'].includes(typeof e[1])),
    );
  } catch {
    return null;
  }
}

/**
 * A notification in the reader's language, as the web app's notification centre shows it
 * (src/web/features/notifications/render.ts): its key in the `notify` catalogue, dates formatted, the reason or
 * comment after it; a notification without a known key keeps the French text it was stored with.
 */
export function renderNotification(n: NotificationTable, locale: MailLocale): { title: string; body: string } {
  const t = translator(locale);
  const raw = parseParams(n.message_params);
  if (!n.message_key || !raw || !t(`notify.${n.message_key}.title`, { defaultValue: '' })) {
    return { title: n.title, body: n.body };
  }
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string' && (k === 'date' || k.endsWith('Date')) && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
      params[k] = formatDay(v, locale);
    } else if (typeof v === 'string' && k === 'at') params[k] = formatInstant(v, locale);
    else params[k] = v;
  }
  const title = t(`notify.${n.message_key}.title`, { ...params, context: params.child ? 'child' : undefined });
  const parts = [t(`notify.${n.message_key}.body`, { ...params, context: params.at ? 'later' : undefined })];
  if (params.reason) parts.push(t('notify.reason', { reason: params.reason }));
  if (params.comment) parts.push(t('notify.comment', { comment: params.comment }));
  return { title, body: parts.join(' ') };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface MailLinks {
  /** Where the reader's notification leads, as a full URL (PUBLIC_URL + path). */
  base: string;
  unsubscribe: string;
  preferences: string;
}

export interface MailItem {
  title: string;
  body: string;
  url: string | null;
}

/** Absolute URL of a path of the web app; anything that is not a plain path leads to the home page. */
export function absolute(base: string, path: string | null): string {
  const root = base.replace(/\/+$/, '');
  return path && /^\/(?![/\\])[^\s]*$/.test(path) ? `${root}${path}` : `${root}/`;
}

/**
 * The mail: plain text and a simple HTML version (semantic, readable without styles, the reader's direction),
 * no image and nothing remote. `List-Unsubscribe` with one-click POST (RFC 8058).
 */
export function composeMail(o: {
  to: string;
  locale: MailLocale;
  name: string;
  subject: string;
  intro: string | null;
  items: MailItem[];
  category: string;
  links: MailLinks;
}): OutgoingMail {
  const t = translator(o.locale);
  const dir = o.locale === 'ar' ? 'rtl' : 'ltr';
  const categoryLabel = t(`mail.categories.${o.category}`);
  const greeting = t('mail.greeting', { name: o.name });
  const text = [
    greeting,
    '',
    ...(o.intro ? [o.intro, ''] : []),
    ...o.items.flatMap((i) => [
      o.items.length > 1 ? `• ${i.title}` : i.title,
      i.body,
      ...(i.url ? [`${t('mail.open')}${o.locale === 'fr' ? ' : ' : ': '}${i.url}`] : []),
      '',
    ]),
    '-- ',
    t('mail.why'),
    t('mail.preferences', { url: o.links.preferences }),
    t('mail.unsubscribe', { category: categoryLabel, url: o.links.unsubscribe }),
    '',
  ].join('\n');
  const item = (i: MailItem) =>
    `<article style="margin:0 0 1.25em"><h2 style="font-size:1.05em;margin:0 0 .25em">${escapeHtml(i.title)}</h2>` +
    `<p style="margin:0 0 .25em">${escapeHtml(i.body)}</p>` +
    (i.url ? `<p style="margin:0"><a href="${escapeHtml(i.url)}">${escapeHtml(t('mail.open'))}</a></p>` : '') +
    '</article>';
  const html = `<!doctype html>
<html lang="${o.locale}" dir="${dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(o.subject)}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;background:#ffffff;margin:0;padding:16px">
<main style="max-width:40em;margin:0 auto">
<p>${escapeHtml(greeting)}</p>
${o.intro ? `<p>${escapeHtml(o.intro)}</p>\n` : ''}${o.items.map(item).join('\n')}
<p><a href="${escapeHtml(absolute(o.links.base, '/'))}">${escapeHtml(t('mail.openPreau'))}</a></p>
</main>
<footer style="max-width:40em;margin:2em auto 0;font-size:.875em;color:#4a4a4a;border-top:1px solid #d0d0d0;padding-top:1em">
<p>${escapeHtml(t('mail.why'))}</p>
<p><a href="${escapeHtml(o.links.preferences)}">${escapeHtml(t('mail.preferencesLink'))}</a> · <a href="${escapeHtml(o.links.unsubscribe)}">${escapeHtml(t('mail.unsubscribeLink', { category: categoryLabel }))}</a></p>
</footer>
</body>
</html>
`;
  return {
    to: o.to,
    subject: o.subject,
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${o.links.unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      // Machine-sent: out-of-office replies stay quiet (RFC 3834).
      'Auto-Submitted': 'auto-generated',
      'Content-Language': o.locale,
    },
  };
}
