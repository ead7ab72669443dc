import { constants, deflateRawSync } from 'node:zlib';

/**
 * A zip whose one entry inflates to `inflatedMB` megabytes of zeros while its headers declare `declaredSize`
 * bytes: what an attacker sends. Built from one flushed 1 MB deflate block repeated (no history crosses a
 * flush from a fresh compressor), so a 1 GB bomb costs ~1 MB of memory and no time to make.
 */
export function zipBomb(o: { inflatedMB: number; name?: string; declaredSize?: number }): Buffer {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const parts: Buffer[] = [];
  for (let i = 0; i < o.inflatedMB; i++) parts.push(block);
  parts.push(Buffer.from([0x03, 0x00])); // a final, empty, fixed-Huffman block
  return zipOf([
    { name: o.name ?? 'EDT_STS.xml', data: Buffer.concat(parts), method: 8, declaredSize: o.declaredSize ?? 1000 },
  ]);
}

/** A zip with the given (already compressed) entries and whatever sizes they declare. */
export function zipOf(entries: Array<{ name: string; data: Buffer; method: 0 | 8; declaredSize: number }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(0, 14); // crc: nobody checks it before inflating
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** Runs `work` while a 5 ms timer ticks; returns the longest gap between ticks (how long the loop was held). */
export async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number; ticks: number }> {
  let last = performance.now();
  let stallMs = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
    ticks++;
  }, 5);
  try {
    const result = await work();
    stallMs = Math.max(stallMs, performance.now() - last);
    return { result, stallMs, ticks };
  } finally {
    clearInterval(timer);
  }
}
