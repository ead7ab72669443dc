/**
 * The writing form's simple markup, turned into the HTML subset the server keeps (messaging.sanitize.ts), and
 * back (to reopen a draft). Paragraphs are separated by a blank line; `**gras**`; lines starting with "- " make a
 * list, "1. " a numbered list; `[texte](https://…)` a link (http, https, mailto). Everything else stays text:
 * the text is escaped before any markup is applied, so typed HTML is shown as typed.
 */

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function inline(escaped: string): string {
  return escaped
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/\[([^\]\n]+)\]\(((?:https?:\/\/|mailto:)[^\s()]+)\)/g, '<a href="$2">$1</a>');
}

export function markupToHtml(text: string): string {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n\s*\n/)
    .filter((b) => b.trim());
  return blocks
    .map((block) => {
      const lines = block.split('\n').map((l) => l.trim());
      if (lines.every((l) => /^[-*•] /.test(l))) {
        return `<ul>${lines.map((l) => `<li>${inline(escapeHtml(l.replace(/^[-*•] /, '')))}</li>`).join('')}</ul>`;
      }
      if (lines.every((l) => /^\d+[.)] /.test(l))) {
        return `<ol>${lines.map((l) => `<li>${inline(escapeHtml(l.replace(/^\d+[.)] /, '')))}</li>`).join('')}</ol>`;
      }
      return `<p>${lines.map((l) => inline(escapeHtml(l))).join('<br>')}</p>`;
    })
    .join('');
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');

/** The server's sanitised HTML back into the markup (for a draft reopened in the form). */
export function htmlToMarkup(html: string): string {
  let out = html
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/gis, (_m, href: string, text: string) => `[${text}](${href})`)
    .replace(/<\/?(strong|b)>/gi, '**')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<ol>(.*?)<\/ol>/gis, (_m, inner: string) => {
      let n = 0;
      return `${inner.replace(/<li>(.*?)<\/li>/gis, (_l, t: string) => `${++n}. ${t}\n`)}\n`;
    })
    .replace(/<ul>(.*?)<\/ul>/gis, (_m, inner: string) => `${inner.replace(/<li>(.*?)<\/li>/gis, '- $1\n')}\n`)
    .replace(/<\/p>/gi, '\n\n')
    .replace(/<[^>]+>/g, '');
  out = decode(out);
  return out.replace(/\n{3,}/g, '\n\n').trim();
}
