import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { S3Settings } from '../src/server/lib/config.ts';

export interface LocalS3 {
  settings: S3Settings;
  /** Every key in the bucket under `prefix`, read through the S3 API (tests prove a file is there or gone). */
  keys(prefix?: string): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * An S3-compatible server in this process (s3rver, on a random loopback port, its objects in a temporary folder),
 * with one bucket. It checks request signatures with its fixed credentials, as a real service checks ours.
 */
export async function startLocalS3(bucket = 'preau-test'): Promise<LocalS3> {
  const directory = await mkdtemp(join(tmpdir(), 'preau-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const settings: S3Settings = {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    forcePathStyle: true,
  };
  const client = new S3Client({ ...settings, endpoint: settings.endpoint!, credentials: settings.credentials! });
  return {
    settings,
    async keys(prefix = '') {
      const out: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const o of page.Contents ?? []) if (o.Key) out.push(o.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return out.sort();
    },
    async stop() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
