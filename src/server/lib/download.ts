import type { FastifyReply } from 'fastify';
import { contentDisposition } from './file-names.ts';

const INLINE_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * Sends a stored file as a download, never rendered in our origin (nosniff, sandboxed CSP); the ASCII
 * fallback name keeps old clients working, filename* carries the real one (cleaned again: names stored
 * before the file-name rule are sent without bidi or control characters).
 */
export function sendDownload(
  reply: FastifyReply,
  file: { fileName: string; contentType: string; data: Buffer | Uint8Array | NodeJS.ReadableStream },
  opts: { inline?: boolean } = {},
) {
  // Inline only for the types a browser shows without running anything of ours (PDF, raster images); never
  // HTML, SVG or text, whatever the caller asks.
  const inline = opts.inline === true && INLINE_TYPES.has(file.contentType);
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', contentDisposition(file.fileName, inline ? 'inline' : 'attachment'))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(file.data);
}
