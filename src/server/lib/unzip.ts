/**
 * Reading zip files that people send us (timetable imports today; any future import or attachment that may be
 * a zip: ODF/OOXML documents, SIECLE exports), without trusting them.
 *
 * - The sizes a zip declares are not trusted: every entry is inflated with a hard limit on the bytes it
 *   actually produces, for the whole archive and against its compressed size (the ratio), so a 200 KB file
 *   that inflates to 1 GB stops after `maxBytes`.
 * - Inflation never runs on the event loop: node:zlib's asynchronous inflate works on libuv's thread pool
 *   and reports its output in chunks, so the limit stops it early and other requests are served meanwhile.
 * - Archives that need more than a plain reader are refused: encryption, ZIP64, methods other than stored
 *   and deflate, more than `maxEntries` entries.
 *
 * Refusals are `ZipError`s with a stable `reason`; callers turn them into their own AppError.
 */
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';

const inflateRawAsync = promisify(inflateRaw);

export type ZipRefusal =
  | 'not_a_zip'
  | 'corrupt'
  | 'too_large'
  | 'ratio'
  | 'too_many_entries'
  | 'encrypted'
  | 'unsupported';

export class ZipError extends Error {
  readonly reason: ZipRefusal;
  constructor(reason: ZipRefusal, message: string) {
    super(message);
    this.reason = reason;
  }
}

export interface UnzipLimits {
  /** Bytes all entries may inflate to, together (default 20 MB). */
  maxBytes?: number;
  /**
   * Inflated bytes per compressed byte, for each entry past its first megabyte (default 100: real XML and
   * CSV stay under 30).
   */
  maxRatio?: number;
  /** Entries in the archive, directories included (default 1,000). */
  maxEntries?: number;
  /** Which entries to inflate (others are skipped and cost nothing); directories are always skipped. */
  filter?: (name: string) => boolean;
}

export const DEFAULT_UNZIP_LIMITS = { maxBytes: 20 * 1024 * 1024, maxRatio: 100, maxEntries: 1000 } as const;

/** Inflated bytes an entry may always reach, whatever its ratio. */
const RATIO_FLOOR = 1024 * 1024;

export const isZip = (buf: Uint8Array) =>
  buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  localOffset: number;
}

/** The central directory: where each entry is, its method and compressed size (declared sizes are ignored). */
function readDirectory(buf: Buffer, maxEntries: number): Entry[] {
  // End of central directory: 22 bytes plus a comment of up to 65,535 bytes, at the very end.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('corrupt', 'The zip file has no central directory');
  const count = buf.readUInt16LE(eocd + 10);
  const dirSize = buf.readUInt32LE(eocd + 12);
  const dirOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw new ZipError('unsupported', 'ZIP64 files are not accepted');
  if (count > maxEntries) throw new ZipError('too_many_entries', `The zip file has more than ${maxEntries} entries`);
  if (dirOffset + dirSize > eocd) throw new ZipError('corrupt', 'The zip file is damaged');
  const entries: Entry[] = [];
  let p = dirOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) throw new ZipError('corrupt', 'The zip file is damaged');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const rawName = buf.subarray(p + 46, p + 46 + nameLength);
    // Bit 11: UTF-8 names; older tools write CP437, which latin1 reads well enough to match extensions.
    const name = rawName.toString(flags & 0x800 ? 'utf8' : 'latin1');
    if (compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      throw new ZipError('unsupported', 'ZIP64 files are not accepted');
    }
    entries.push({ name, method, flags, compressedSize, localOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The entry's compressed bytes, found through its local header. */
function dataOf(buf: Buffer, e: Entry): Buffer {
  const h = e.localOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== 0x04034b50)
    throw new ZipError('corrupt', 'The zip file is damaged');
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  if (start + e.compressedSize > buf.length) throw new ZipError('corrupt', 'The zip file is damaged');
  return buf.subarray(start, start + e.compressedSize);
}

/**
 * The files of a zip, inflated off the event loop within the limits (see above). Entries are read one after
 * the other, so at most `maxBytes` are ever held.
 */
export async function unzipBounded(
  input: Buffer | Uint8Array,
  limits: UnzipLimits = {},
): Promise<Array<{ name: string; data: Buffer }>> {
  const maxBytes = limits.maxBytes ?? DEFAULT_UNZIP_LIMITS.maxBytes;
  const maxRatio = limits.maxRatio ?? DEFAULT_UNZIP_LIMITS.maxRatio;
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (!isZip(buf)) throw new ZipError('not_a_zip', 'This is not a zip file');
  const entries = readDirectory(buf, limits.maxEntries ?? DEFAULT_UNZIP_LIMITS.maxEntries);
  const out: Array<{ name: string; data: Buffer }> = [];
  let total = 0;
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    if (limits.filter && !limits.filter(e.name)) continue;
    if (e.flags & 0x1) throw new ZipError('encrypted', 'Encrypted zip files are not accepted');
    const raw = dataOf(buf, e);
    const left = maxBytes - total;
    let data: Buffer;
    if (e.method === 0) {
      if (raw.length > left) throw tooLarge(maxBytes);
      data = Buffer.from(raw);
    } else if (e.method === 8) {
      // The tighter of the two limits decides; +1 so that reaching it exactly is not mistaken for more. The
      // ratio only counts past 1 MB: a small file of blanks compresses 300 times and harms nobody.
      const byRatio = Math.max(raw.length * maxRatio, RATIO_FLOOR);
      const cap = Math.min(left, byRatio);
      try {
        data = await inflateRawAsync(raw, { maxOutputLength: cap + 1, chunkSize: 256 * 1024 });
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
          throw byRatio < left
            ? new ZipError('ratio', `The zip file inflates more than ${maxRatio} times: refused as a zip bomb`)
            : tooLarge(maxBytes);
        }
        throw new ZipError('corrupt', 'The zip file cannot be read');
      }
      if (data.length > cap) {
        throw byRatio < left
          ? new ZipError('ratio', `The zip file inflates more than ${maxRatio} times: refused as a zip bomb`)
          : tooLarge(maxBytes);
      }
    } else {
      throw new ZipError('unsupported', `Compression method ${e.method} is not accepted`);
    }
    total += data.length;
    out.push({ name: e.name, data });
  }
  return out;
}

const tooLarge = (maxBytes: number) =>
  new ZipError('too_large', `The zip file expands to more than ${Math.round(maxBytes / (1024 * 1024))} MB`);
