import { createReadStream } from 'node:fs';
import { access, constants, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { Config, S3Settings } from './config.ts';
import { newId } from './ids.ts';

/**
 * Where uploaded files live when they are too many or too large for the database (hand-ins first). Keys are
 * opaque, chosen by Préau (never from a file name): `<area>/<uuid>`. Two backends: a local folder and
 * S3-compatible object storage; callers only see keys and streams. `storage.contract.test.ts` runs the same cases
 * against both.
 */
export interface FileStorage {
  /** Stores the bytes under `key`; durable when it resolves (an acknowledged upload survives a crash). */
  put(key: string, data: Buffer): Promise<void>;
  /** The bytes of `key` as a stream; rejects with FileMissingError when there is nothing under it. */
  get(key: string): Promise<Readable>;
  /** Removes `key`; a missing key is not an error (deletes are retried after a failed transaction). */
  delete(key: string): Promise<void>;
  /** Proves at start-up that the storage can be reached and written to; rejects with a message that says why not. */
  check(): Promise<void>;
  /** Releases connections (the S3 client's sockets); the storage is not used afterwards. */
  close(): void;
}

export class FileMissingError extends Error {}

/** Keys are ours: lower-case letters, digits, dashes and one or more `/`-separated segments, no dots. */
const KEY = /^[a-z0-9-]+(\/[a-z0-9-]+)*$/;

export function assertKey(key: string): void {
  if (!KEY.test(key) || key.length > 200) throw new Error(`Invalid storage key: ${key}`);
}

/** A new key in `area` (`hand-ins`...). */
export const newStorageKey = (area: string): string => `${area}/${newId()}`;

/**
 * Files in a local folder (`STORAGE_DIR`, by default `<DATA_DIR>/files`). A file is written under a temporary
 * name, flushed to disk, then renamed: a reader never sees half a file, and a crash leaves at most a `.tmp`.
 */
export function localFolderStorage(root: string): FileStorage {
  const base = resolve(root);
  const pathOf = (key: string) => {
    assertKey(key);
    const p = resolve(join(base, key));
    if (!p.startsWith(base + sep)) throw new Error(`Invalid storage key: ${key}`);
    return p;
  };
  return {
    async put(key, data) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${newId()}.tmp`;
      const fh = await open(tmp, 'wx', 0o600);
      try {
        await fh.writeFile(data);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, path);
    },
    async get(key) {
      const path = pathOf(key);
      try {
        await stat(path);
      } catch {
        throw new FileMissingError(key);
      }
      return createReadStream(path);
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async check() {
      try {
        await mkdir(base, { recursive: true });
        await access(base, constants.W_OK);
      } catch (e) {
        throw new Error(`STORAGE_DIR ${base} cannot be written to: ${(e as Error).message}`);
      }
    },
    close() {},
  };
}

const isMissing = (e: unknown) =>
  e instanceof S3ServiceException &&
  (e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata.httpStatusCode === 404);

/**
 * Files in an S3-compatible bucket (STORAGE_BACKEND=s3: Amazon S3, MinIO, Scaleway, OVHcloud, Garage...), through
 * the standard client. A PUT is acknowledged once the service has stored the object durably, like the local
 * folder's fsync; readers get the object's body as a stream, never a whole buffer.
 */
export function s3Storage(settings: S3Settings): FileStorage {
  const client = new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    forcePathStyle: settings.forcePathStyle,
    // Checksums only where the API requires them: several S3-compatible servers refuse the newer trailing ones.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    // An unreachable endpoint fails a hand-in in seconds rather than hanging it. No idle timeout on requests: a
    // download paused by a slow reader (the zip of a class on a phone) must not be cut.
    requestHandler: { connectionTimeout: 5000 },
  });
  const Bucket = settings.bucket;
  return {
    async put(key, data) {
      assertKey(key);
      await client.send(
        new PutObjectCommand({
          Bucket,
          Key: key,
          Body: data,
          ContentLength: data.length,
          // The object is never served by the bucket itself: Préau sets the real type on download.
          ContentType: 'application/octet-stream',
        }),
      );
    },
    async get(key) {
      assertKey(key);
      try {
        const out = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        const body = out.Body;
        if (!body) throw new FileMissingError(key);
        // In Node the body is an http.IncomingMessage: a Readable already, streamed as it arrives.
        return body instanceof Readable ? body : Readable.fromWeb(body.transformToWebStream() as never);
      } catch (e) {
        if (isMissing(e)) throw new FileMissingError(key);
        throw e;
      }
    },
    async delete(key) {
      assertKey(key);
      // S3 answers a delete of a missing key with success: nothing to catch.
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    async check() {
      try {
        await client.send(new HeadBucketCommand({ Bucket }));
      } catch (e) {
        const status = e instanceof S3ServiceException ? ` (HTTP ${e.$metadata.httpStatusCode ?? '?'})` : '';
        throw new Error(
          `S3 bucket ${Bucket} cannot be reached at ${settings.endpoint ?? `Amazon S3 ${settings.region}`}: ` +
            `${(e as Error).name}${status} ${(e as Error).message}`.trim(),
        );
      }
    },
    close() {
      client.destroy();
    },
  };
}

/** The storage the configuration asks for: S3 when STORAGE_BACKEND=s3, else the local folder. */
export function storageFromConfig(config: Pick<Config, 's3' | 'storageDir'>): FileStorage {
  return config.s3 ? s3Storage(config.s3) : localFolderStorage(config.storageDir);
}
