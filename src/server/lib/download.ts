import type { FastifyReply } from 'fastify';
import { contentDisposition } from './file-names.ts';

/**
 * Sends a stored file as a download, never rendered in our origin (nosniff, sandboxed CSP); the ASCII
 * fallback name keeps old clients working, filename* carries the real one (cleaned again: names stored
 * before the file-name rule are sent without bidi or control characters).
 */
export function sendDownload(
  reply: FastifyReply,
  file: { fileName: string; contentType: string; data: Buffer | Uint8Array | NodeJS.ReadableStream },
) {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', contentDisposition(file.fileName))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(file.data);
}
