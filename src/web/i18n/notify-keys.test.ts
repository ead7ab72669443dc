import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const SERVER = new URL('../../server/', import.meta.url).pathname;
const catalogue = (locale: string) =>
  JSON.parse(readFileSync(new URL(`./${locale}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [p] : [];
  });
}

test('every notification message key the server writes has a title and a body in fr, en and ar', () => {
  const keys = new Set<string>();
  for (const file of sources(SERVER)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/message:\s*\{\s*key:\s*'([A-Za-z.]+)'/g)) keys.add(m[1]!);
    // `message: {\n key: '...'` written over several lines
    for (const m of text.matchAll(/message:\s*\{\s*\n\s*key:\s*'([A-Za-z.]+)'/g)) keys.add(m[1]!);
  }
  assert.ok(keys.size >= 10, `found ${keys.size} message keys`);
  for (const locale of ['fr', 'en', 'ar']) {
    const notify = catalogue(locale).notify as Record<string, unknown>;
    for (const key of keys) {
      let v: unknown = notify;
      for (const part of key.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
      const entry = v as { title?: unknown; body?: unknown } | undefined;
      assert.equal(typeof entry?.title, 'string', `${locale}: notify.${key}.title`);
      assert.equal(typeof entry?.body, 'string', `${locale}: notify.${key}.body`);
    }
  }
});
