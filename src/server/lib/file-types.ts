/** Whether the bytes look like the announced type (the kinds whose signature is cheap to check). */
export function matchesType(contentType: string, data: Buffer): boolean {
  const starts = (...bytes: number[]) => bytes.every((b, i) => data[i] === b);
  if (contentType === 'application/pdf') return starts(0x25, 0x50, 0x44, 0x46, 0x2d); // %PDF-
  if (contentType === 'image/png') return starts(0x89, 0x50, 0x4e, 0x47);
  if (contentType === 'image/jpeg') return starts(0xff, 0xd8, 0xff);
  if (contentType.includes('opendocument') || contentType.includes('openxmlformats')) return starts(0x50, 0x4b); // zip
  return true;
}

/**
 * The type of an uploaded file, read from its bytes (magic numbers), never from its name or from the
 * Content-Type the client announces. Only the kinds people exchange at school are recognised; anything else is
 * `null` (refused by the caller).
 */
export const SNIFFED_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'text/plain',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
] as const;
export type SniffedType = (typeof SNIFFED_TYPES)[number];

const startsWith = (data: Buffer, bytes: readonly number[], at = 0) => bytes.every((b, i) => data[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** OpenDocument stores an uncompressed `mimetype` entry first; OOXML names its parts (word/, xl/, ppt/). */
function sniffZip(data: Buffer): SniffedType | null {
  // Local header: 30 bytes, then the name; the ODF "mimetype" entry is stored, its content right after.
  const nameLength = data.readUInt16LE(26);
  const extraLength = data.readUInt16LE(28);
  const name = data.toString('latin1', 30, 30 + nameLength);
  if (name === 'mimetype') {
    const start = 30 + nameLength + extraLength;
    const mime = data.toString('latin1', start, start + 60);
    if (mime.startsWith('application/vnd.oasis.opendocument.text')) return 'application/vnd.oasis.opendocument.text';
    if (mime.startsWith('application/vnd.oasis.opendocument.spreadsheet')) {
      return 'application/vnd.oasis.opendocument.spreadsheet';
    }
    if (mime.startsWith('application/vnd.oasis.opendocument.presentation')) {
      return 'application/vnd.oasis.opendocument.presentation';
    }
    return null;
  }
  // The central directory at the end lists every entry name in clear.
  const names = data.toString('latin1', Math.max(0, data.length - 64 * 1024));
  if (!names.includes('[Content_Types].xml')) return null;
  if (names.includes('word/document.xml')) {
    return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  }
  if (names.includes('xl/workbook.xml')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  if (names.includes('ppt/presentation.xml')) {
    return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
  }
  return null;
}

/** Text: valid UTF-8 without control characters other than tab and line ends. */
function isText(data: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return false;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
}

export function sniffFileType(data: Buffer): SniffedType | null {
  if (data.length === 0) return null;
  if (startsWith(data, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(data, ascii('GIF87a')) || startsWith(data, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(data, ascii('RIFF')) && startsWith(data, ascii('WEBP'), 8)) return 'image/webp';
  if (data.length >= 30 && startsWith(data, [0x50, 0x4b, 0x03, 0x04])) return sniffZip(data);
  // HTML and SVG are text, but a browser would run them: refused even as "text".
  const head = data.toString('utf8', 0, 512).trimStart().toLowerCase();
  if (head.startsWith('<') && /<(!doctype|html|svg|script|\?xml)/.test(head)) return null;
  return isText(data) ? 'text/plain' : null;
}
