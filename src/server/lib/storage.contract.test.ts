import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { after, before, describe, test } from 'node:test';
import { type LocalS3, startLocalS3 } from '../../../test/s3.ts';
import { FileMissingError, type FileStorage, localFolderStorage, newStorageKey, s3Storage } from './storage.ts';

/**
 * The storage contract: the same cases against every backend, so that the hand-ins behave the same on a local
 * folder and on S3-compatible object storage (here s3rver, in this process, checking our request signatures).
 */
interface Backend {
  name: string;
  start(): Promise<{ storage: FileStorage; broken: FileStorage; stop(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'local folder',
    async start() {
      const root = await mkdtemp(join(tmpdir(), 'preau-storage-'));
      const storage = localFolderStorage(root);
      // A folder under a regular file can never be created.
      const blocker = join(root, 'blocker');
      await storage.check();
      await writeFile(blocker, 'x');
      return {
        storage,
        broken: localFolderStorage(join(blocker, 'files')),
        stop: () => rm(root, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'S3-compatible (s3rver)',
    async start() {
      const s3: LocalS3 = await startLocalS3();
      const storage = s3Storage(s3.settings);
      const broken = s3Storage({ ...s3.settings, bucket: 'no-such-bucket' });
      return {
        storage,
        broken,
        async stop() {
          storage.close();
          broken.close();
          await s3.stop();
        },
      };
    },
  },
];

for (const backend of backends) {
  describe(`file storage contract: ${backend.name}`, () => {
    let storage: FileStorage;
    let broken: FileStorage;
    let stop: () => Promise<void>;
    before(async () => {
      ({ storage, broken, stop } = await backend.start());
    });
    after(async () => {
      await stop();
    });

    test('check() passes on a working storage and names the problem on a broken one', async () => {
      await storage.check();
      await assert.rejects(broken.check(), (e: Error) => /cannot be (reached|written to)/.test(e.message));
    });

    test('put, then get gives the same bytes back as a stream', async () => {
      const key = newStorageKey('hand-ins');
      const data = randomBytes(1000);
      await storage.put(key, data);
      const stream = await storage.get(key);
      assert.ok(stream instanceof Readable, 'a stream, not a buffer');
      assert.ok((await buffer(stream)).equals(data));
    });

    test('a 5 MB file arrives in several chunks, byte for byte', async () => {
      const key = newStorageKey('hand-ins');
      const data = randomBytes(5 * 1024 * 1024);
      await storage.put(key, data);
      let chunks = 0;
      const parts: Buffer[] = [];
      for await (const chunk of await storage.get(key)) {
        chunks += 1;
        parts.push(chunk as Buffer);
      }
      assert.ok(chunks > 1, `streamed in ${chunks} chunk(s)`);
      assert.ok(Buffer.concat(parts).equals(data));
    });

    test('put on an existing key replaces its bytes', async () => {
      const key = newStorageKey('hand-ins');
      await storage.put(key, Buffer.from('first'));
      await storage.put(key, Buffer.from('second version'));
      assert.equal((await buffer(await storage.get(key))).toString(), 'second version');
    });

    test('get of a key never written, or deleted, rejects with FileMissingError', async () => {
      await assert.rejects(storage.get(newStorageKey('hand-ins')), FileMissingError);
      const key = newStorageKey('hand-ins');
      await storage.put(key, Buffer.from('copie'));
      await storage.delete(key);
      await assert.rejects(storage.get(key), FileMissingError);
    });

    test('delete of a missing key is not an error; delete touches no other key', async () => {
      const keep = newStorageKey('hand-ins');
      const gone = newStorageKey('hand-ins');
      await storage.put(keep, Buffer.from('keep'));
      await storage.put(gone, Buffer.from('gone'));
      await storage.delete(gone);
      await storage.delete(gone);
      await storage.delete(newStorageKey('other-area'));
      assert.equal((await buffer(await storage.get(keep))).toString(), 'keep');
    });

    test('many files at once: each gets its own bytes', async () => {
      const files = Array.from({ length: 12 }, (_, i) => ({
        key: newStorageKey('hand-ins'),
        data: randomBytes(100 + i),
      }));
      await Promise.all(files.map((f) => storage.put(f.key, f.data)));
      const back = await Promise.all(files.map(async (f) => buffer(await storage.get(f.key))));
      for (const [i, f] of files.entries()) assert.ok(back[i]!.equals(f.data));
    });

    test('keys are Préau’s: anything else is refused before any I/O', async () => {
      for (const bad of [
        '../etc/passwd',
        'hand-ins/../../x',
        '/abs',
        'a/b.c',
        'A',
        '',
        'a//b',
        `a/${'x'.repeat(300)}`,
      ]) {
        await assert.rejects(storage.put(bad, Buffer.from('x')), /Invalid storage key/, bad);
        await assert.rejects(storage.get(bad), /Invalid storage key/, bad);
        await assert.rejects(storage.delete(bad), /Invalid storage key/, bad);
      }
    });
  });
}
