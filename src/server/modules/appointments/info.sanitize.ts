import sanitizeHtml from 'sanitize-html';

/**
 * What an information page may hold: headings, paragraphs, lists, bold, italic and links (http, https, mailto,
 * tel; opened in a new tab without referrer, which is also how forms to download are linked). Everything else is
 * dropped, with the content of script and style.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['h2', 'h3', 'p', 'br', 'strong', 'b', 'em', 'i', 'ul', 'ol', 'li', 'a'],
  allowedAttributes: { a: ['href', 'rel', 'target'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
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

/** The stored form of an information page: safe to render as HTML, signed in or not. */
export function sanitizeInfoPage(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}
