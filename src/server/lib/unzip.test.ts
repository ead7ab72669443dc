import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { longestStall, zipBomb, zipOf } from '../../../test/zip-bomb.ts';
import { unzipBounded, ZipError } from './unzip.ts';

const refusal = (reason: string) => (e: unknown) => e instanceof ZipError && e.reason === reason;

describe('unzipBounded', () => {
  test('reads an ordinary zip (fflate-made), skipping directories and what the filter leaves out', async () => {
    const xml = new TextEncoder().encode('<EDT_STS>'.padEnd(5000, ' ') + '</EDT_STS>');
    const zip = zipSync({ 'a/': new Uint8Array(0), 'a/EDT_STS.xml': xml, 'note.txt': new TextEncoder().encode('é') });
    const files = await unzipBounded(zip, { filter: (n) => n.endsWith('.xml') });
    assert.deepEqual(
      files.map((f) => [f.name, f.data.length]),
      [['a/EDT_STS.xml', xml.length]],
    );
    const stored = zipSync({ 'x.csv': new TextEncoder().encode('a;b\n') }, { level: 0 });
    assert.equal((await unzipBounded(stored))[0]?.data.toString(), 'a;b\n');
  });

  test('a 1 GB bomb declaring 1,000 bytes stops at the byte limit, whatever it declares', async () => {
    const bomb = zipBomb({ inflatedMB: 1024 });
    assert.ok(bomb.length < 1.1 * 1024 * 1024, 'about 1 MB on the wire');
    await assert.rejects(unzipBounded(bomb, { maxRatio: 1e9 }), refusal('too_large'));
    await assert.rejects(unzipBounded(bomb, { maxBytes: 5 * 1024 * 1024, maxRatio: 1e9 }), /more than 5 MB/);
  });

  test('an entry honestly declaring 19 MB from 19 KB is refused by the ratio, under the byte limit', async () => {
    const bomb = zipBomb({ inflatedMB: 19, declaredSize: 19 * 1024 * 1024 });
    await assert.rejects(unzipBounded(bomb), refusal('ratio'));
    assert.equal((await unzipBounded(bomb, { maxRatio: 1e9 }))[0]?.data.length, 19 * 1024 * 1024);
  });

  test('the limit is over the whole archive: many small entries add up', async () => {
    const mb = deflateRawSync(Buffer.alloc(1024 * 1024, 0x61));
    const entries = Array.from({ length: 30 }, (_, i) => ({
      name: `f${i}.csv`,
      data: mb,
      method: 8 as const,
      declaredSize: 10,
    }));
    await assert.rejects(unzipBounded(zipOf(entries), { maxRatio: 1e9 }), refusal('too_large'));
    await assert.rejects(unzipBounded(zipOf(entries), { maxEntries: 10 }), refusal('too_many_entries'));
  });

  test('damaged, encrypted and exotic archives get a stable reason', async () => {
    await assert.rejects(unzipBounded(Buffer.from('hello')), refusal('not_a_zip'));
    await assert.rejects(unzipBounded(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), refusal('corrupt'));
    const garbage = zipOf([{ name: 'a.xml', data: Buffer.from('not deflate at all'), method: 8, declaredSize: 5 }]);
    await assert.rejects(unzipBounded(garbage), refusal('corrupt'));
    const bzip = zipOf([{ name: 'a.xml', data: Buffer.from('xx'), method: 12, declaredSize: 5 }] as never);
    await assert.rejects(unzipBounded(bzip), refusal('unsupported'));
    const enc = zipOf([{ name: 'a.xml', data: Buffer.from('xx'), method: 0, declaredSize: 2 }]);
    enc.writeUInt16LE(0x801, enc.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 8);
    await assert.rejects(unzipBounded(enc), refusal('encrypted'));
  });

  test('inflating does not hold the event loop: a 5 ms timer keeps firing', async () => {
    // fflate's unzipSync held the loop ~0.6 s for this archive (and ~2.5 s per GB); nobody else was served.
    const honest = zipBomb({ inflatedMB: 19, declaredSize: 19 * 1024 * 1024 });
    const { result, stallMs } = await longestStall(() => unzipBounded(honest, { maxRatio: 1e9 }));
    assert.equal(result[0]?.data.length, 19 * 1024 * 1024);
    assert.ok(stallMs < 250, `the loop was held ${Math.round(stallMs)} ms`);
    const bomb = zipBomb({ inflatedMB: 1024 });
    const refused = await longestStall(() => unzipBounded(bomb, { maxRatio: 1e9 }).catch((e: unknown) => e));
    assert.ok(refused.result instanceof ZipError);
    assert.ok(refused.stallMs < 250, `the loop was held ${Math.round(refused.stallMs)} ms`);
  });
});
