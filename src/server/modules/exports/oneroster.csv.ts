import { createHash } from 'node:crypto';

/**
 * One CSV line as OneRoster's CSV binding reads it (RFC 4180): fields with a comma, a quote or a line break are
 * quoted, quotes doubled; lines end with CRLF. Values are written as they are (a roster is read by programs).
 */
export function csvLine(fields: readonly (string | null | undefined)[]): string {
  return `${fields
    .map((f) => {
      const v = f ?? '';
      return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
    })
    .join(',')}\r\n`;
}

/** A CSV file: the header row, then the rows in the header's order. */
export function csvFile<K extends string>(header: readonly K[], rows: readonly Record<K, string | null>[]): string {
  let out = csvLine(header);
  for (const r of rows) out += csvLine(header.map((h) => r[h]));
  return out;
}

/**
 * A UUID derived from its parts (name-based, SHA-1, as RFC 9562's version 5): the same class and person give the
 * same enrollment `sourcedId` in every export, so a publisher's delta stays stable between two exports.
 */
export function stableId(...parts: string[]): string {
  const h = createHash('sha1')
    .update(`preau:oneroster:${JSON.stringify(parts)}`)
    .digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
