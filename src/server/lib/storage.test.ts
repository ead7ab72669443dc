import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { test } from 'node:test';
import { FileMissingError, localFolderStorage, newStorageKey, s3Storage } from './storage.ts';

test('local folder storage: put, get as a stream, delete; keys never leave the folder', async () => {
  const root = await mkdtemp(join(tmpdir(), 'preau-storage-'));
  try {
    const storage = localFolderStorage(root);
    const key = newStorageKey('hand-ins');
    await storage.put(key, Buffer.from('copie'));
    assert.equal(await text(await storage.get(key)), 'copie');
    assert.deepEqual(await readdir(join(root, 'hand-ins')), [key.split('/')[1]]); // no temporary file left
    await storage.delete(key);
    await storage.delete(key); // a missing key is not an error
    await assert.rejects(storage.get(key), FileMissingError);
    for (const bad of ['../etc/passwd', 'hand-ins/../../x', '/abs', 'a/b.c', 'A', '', 'a//b']) {
      await assert.rejects(storage.put(bad, Buffer.from('x')), /Invalid storage key/, bad);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('S3 storage: an endpoint that does not answer fails the start-up check with its address, in seconds', async () => {
  const storage = s3Storage({
    endpoint: 'http://127.0.0.1:9',
    bucket: 'preau-files',
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    forcePathStyle: true,
  });
  const started = Date.now();
  try {
    await assert.rejects(storage.check(), /S3 bucket preau-files cannot be reached at http:\/\/127\.0\.0\.1:9/);
    assert.ok(Date.now() - started < 15_000);
  } finally {
    storage.close();
  }
});
