/**
 * File names that people send us (attachments, justification documents, any future upload) are shown to
 * other people and sent back in Content-Disposition: they must not be able to pose as something else.
 * One sanitiser, used where a name is stored and again where it is sent (names stored before this rule).
 */

/**
 * Bidirectional controls (embeddings, overrides, isolates, marks): U+202E turns "gpj.exe" into what reads as
 * "exe.jpg". Listed explicitly, although \p{Cf} below covers them, because they are the point.
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/**
 * Control and format characters (C0, C1, DEL, zero-width space, BOM, soft hyphen, tag characters...) and
 * line/paragraph separators. ZWNJ and ZWJ (U+200C/U+200D) stay: Persian names and emoji need them.
 */
const INVISIBLE = /[\p{Cc}\p{Zl}\p{Zp}]|(?![\u200c\u200d])\p{Cf}/gu;

export const MAX_FILE_NAME_LENGTH = 200;

/**
 * A file name safe to store, to show and to send back: the last path segment only, NFC, without bidi
 * controls, control or format characters, double quotes or backslashes, spaces collapsed, no leading dots
 * (hidden files), 200 characters at most; `fallback` when nothing is left.
 */
export function cleanFileName(name: string, fallback = 'fichier'): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    .replace(BIDI_CONTROLS, '')
    .replace(INVISIBLE, '')
    .replace(/"/g, "'")
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^\.+/, '')
    .trim();
  // Cut on code points, never inside a surrogate pair.
  const cut = Array.from(clean).slice(0, MAX_FILE_NAME_LENGTH).join('').trim();
  return cut || fallback;
}

/**
 * The Content-Disposition value for a download: an ASCII fallback for old clients and the real (cleaned)
 * name in filename* (RFC 6266 / RFC 8187).
 */
export function contentDisposition(fileName: string, kind: 'attachment' | 'inline' = 'attachment'): string {
  const name = cleanFileName(fileName);
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
