import sanitizeHtml from 'sanitize-html';

/**
 * The small subset of HTML a message body may hold: paragraphs, line breaks, bold, italic, lists and links
 * (http, https, mailto only; opened in a new tab without referrer). Everything else is dropped with its
 * attributes; the text of unknown elements is kept, the content of script/style is not.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'ul', 'ol', 'li', 'a'],
  // rel and target are set by transformTags below (what the writer typed for them is dropped there).
  allowedAttributes: { a: ['href', 'rel', 'target'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math'],
  transformTags: {
    b: 'strong',
    i: 'em',
    a: (tagName, attribs) => ({
      tagName,
      attribs: {
        ...(attribs.href ? { href: attribs.href } : {}),
        rel: 'noopener noreferrer nofollow',
        target: '_blank',
      },
    }),
  },
};

/** The stored form of a body typed by someone: safe to render as HTML. */
export function sanitizeBody(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}

/** The body as text (search, previews): tags dropped, entities decoded, whitespace collapsed. */
export function bodyToText(safeHtml: string): string {
  const withBreaks = safeHtml.replace(/<\/(p|li)>|<br\s*\/?>/gi, ' ');
  const text = sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} });
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
