import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { newId } from './ids.ts';

/**
 * Where uploaded files live when they are too many or too large for the database (hand-ins first). Keys are
 * opaque, chosen by Préau (never from a file name): `<area>/<uuid>`. A second backend (S3-compatible object
 * storage) implements the same three calls; callers only see keys and streams.
 */
export interface FileStorage {
  /** Stores the bytes under `key`; durable when it resolves (an acknowledged upload survives a crash). */
  put(key: string, data: Buffer): Promise<void>;
  /** The bytes of `key` as a stream; rejects with FileMissingError when there is nothing under it. */
  get(key: string): Promise<Readable>;
  /** Removes `key`; a missing key is not an error (deletes are retried after a failed transaction). */
  delete(key: string): Promise<void>;
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
  };
}
