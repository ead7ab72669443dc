import { AppError } from './errors.ts';
import { cleanFileName } from './file-names.ts';
import { sniffFileType } from './file-types.ts';
import { ScannerUnavailableError, type VirusScanner } from './virus-scan.ts';

/** A file received in a multipart upload (hand-ins, documents). */
export interface UploadedFile {
  fileName: string;
  data: Buffer;
}

/** The refusal of an uploaded file (`FILE_REJECTED`), with a stable `reason` the web app words. */
export const fileRejected = (reason: string, details: object = {}) =>
  new AppError('FILE_REJECTED', 'This file is refused', { reason, ...details });

/**
 * Checks every file before anything is stored: count, size, type from the bytes (lib/file-types.ts), virus scan;
 * names cleaned (`fallbackName` when nothing is left of one).
 */
export async function checkUploads(
  files: readonly UploadedFile[],
  scanner: VirusScanner,
  limits: { maxFiles: number; maxBytes: number; fallbackName: string },
) {
  if (files.length === 0) {
    throw new AppError('VALIDATION_FAILED', 'Send at least one file (field "files")', {
      fields: [{ path: 'files', code: 'required' }],
    });
  }
  if (files.length > limits.maxFiles) throw fileRejected('too_many_files', { limit: limits.maxFiles });
  const checked = [];
  for (const [i, f] of files.entries()) {
    if (f.data.length === 0) throw fileRejected('empty', { index: i });
    if (f.data.length > limits.maxBytes) throw fileRejected('too_large', { index: i, limitBytes: limits.maxBytes });
    const contentType = sniffFileType(f.data);
    if (!contentType) throw fileRejected('type', { index: i });
    let scan: Awaited<ReturnType<VirusScanner['scan']>>;
    try {
      scan = await scanner.scan(f.data);
    } catch (e) {
      if (e instanceof ScannerUnavailableError) throw fileRejected('scanner_unavailable');
      throw e;
    }
    if (scan.status === 'infected') throw fileRejected('virus', { index: i });
    checked.push({
      ...f,
      contentType,
      scanStatus: scan.status,
      fileName: cleanFileName(f.fileName, limits.fallbackName),
    });
  }
  return checked;
}
