import type { FastifyReply } from 'fastify';

/**
 * Sends a stored file as a download, never rendered in our origin (nosniff, sandboxed CSP); the ASCII
 * fallback name keeps old clients working, filename* carries the real one.
 */
export function sendDownload(
  reply: FastifyReply,
  file: { fileName: string; contentType: string; data: Buffer | Uint8Array | NodeJS.ReadableStream },
) {
  const ascii = file.fileName
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  return reply
    .header('content-type', file.contentType)
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    )
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(file.data);
}
