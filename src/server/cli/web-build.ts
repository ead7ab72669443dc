import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SRC = join(ROOT, 'src/web');
const INDEX = join(ROOT, 'dist/web/index.html');
const LOCK = join(ROOT, 'dist/.web-build-lock');

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** True when dist/web is missing or older than src/web (or the Vite config). */
export function isWebBuildStale(): boolean {
  if (!existsSync(INDEX)) return true;
  const built = statSync(INDEX).mtimeMs;
  return Math.max(newestMtime(SRC), newestMtime(join(ROOT, 'vite.config.ts'))) > built;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Builds the web app with Vite when stale. Safe to call from parallel test files: one builds, the others wait. */
export async function ensureWebBuilt(log: (line: string) => void = console.log): Promise<void> {
  if (!isWebBuildStale()) return;
  mkdirSync(dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Someone else is building; a lock older than 3 minutes is left over from a crash.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 180_000) rmSync(LOCK, { recursive: true });
      await sleep(500);
      if (!isWebBuildStale()) return;
    }
  }
  try {
    if (!isWebBuildStale()) return;
    log('Building the web app (vite build)...');
    const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
    const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
