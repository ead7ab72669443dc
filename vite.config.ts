import react from '@vitejs/plugin-react';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * The catalogue is downloaded in three steps, so that its growth weighs neither on the sign-in page nor on the home
 * page (docs/web.md, budget):
 * - `virtual:i18n-core/<locale>`: the public pages' sections (CORE_KEYS) and every key the files statically
 *   imported from CORE_ROOTS name (the language switch names `account.language`...);
 * - `virtual:i18n-shell/<locale>`: the core, and what the signed-in frame and the home page of every profile use,
 *   found at build time by following the static imports from SHELL_ROOTS and picking every key they name;
 * - the whole catalogue (src/web/i18n/<locale>.json), awaited by every other page before it renders.
 */
const CORE_KEYS = ['activation', 'app', 'common', 'errors', 'layout', 'notFound', 'password', 'signIn'];
const CORE_ROOTS = ['src/web/main.tsx', 'src/web/pages/sign-in.tsx', 'src/web/pages/activation.tsx'];
const SHELL_ROOTS = [
  'src/web/signed-in-app.tsx',
  'src/web/pages/home.tsx',
  'src/web/features/home/staff-home.tsx',
  'src/web/features/directory/directory-search.tsx',
  'src/web/components/session-dialog.tsx',
  'src/web/components/school-switcher.tsx',
];

const ROOT = dirname(fileURLToPath(import.meta.url));
const resolve = (...parts: string[]) => resolvePath(ROOT, ...parts);

type Catalogue = Record<string, unknown>;
const isObject = (v: unknown): v is Catalogue => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The source files statically imported from the roots (relative imports only; `import()` is a later download). */
function staticImports(roots: string[]): string[] {
  const seen = new Set<string>();
  const todo = roots.map((f) => resolve(f));
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/gms)) {
      if (/^\s*import\s+type\s/.test(m[0])) continue;
      todo.push(resolve(dirname(file), m[1]!));
    }
  }
  return [...seen];
}

function getPath(cat: Catalogue, path: string[]): unknown {
  let v: unknown = cat;
  for (const p of path) v = isObject(v) ? v[p] : undefined;
  return v;
}

function setPath(out: Catalogue, path: string[], value: unknown) {
  let o = out;
  for (const p of path.slice(0, -1)) {
    if (!isObject(o[p])) o[p] = {};
    o = o[p] as Catalogue;
  }
  o[path.at(-1)!] = value;
}

/**
 * CORE_KEYS, and the keys the files name: literal keys (with their plural forms), and whole subtrees for `a.b.${x}`.
 */
function partOf(all: Catalogue, files: string[]): Catalogue {
  const out: Catalogue = {};
  for (const k of CORE_KEYS) if (k in all) out[k] = all[k];
  const sections = Object.keys(all).join('|');
  const take = (path: string[]) => {
    const value = getPath(all, path);
    if (value !== undefined) setPath(out, path, value);
    // i18next plurals and contexts: "count" also means "count_one", "count_other"...
    const parent = getPath(all, path.slice(0, -1));
    if (isObject(parent)) {
      for (const k of Object.keys(parent)) {
        if (k.startsWith(`${path.at(-1)}_`)) setPath(out, [...path.slice(0, -1), k], parent[k]);
      }
    }
  };
  // 'grades.title' (a whole key), or `profiles.${x}` (a whole subtree).
  const literal = new RegExp(`['"\`]((?:${sections})(?:\\.[A-Za-z0-9_]+)+)['"\`]|\`((?:${sections})(?:\\.[A-Za-z0-9_]+)*)\\.\\$\\{`, 'g');
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(literal)) take((m[1] ?? m[2])!.split('.'));
  }
  // Keys nested in values: "$t(common.close)".
  const nested = JSON.stringify(out).matchAll(/\$t\(([A-Za-z0-9_.]+)/g);
  for (const m of nested) take(m[1]!.split('.'));
  return out;
}

function i18nParts(): Plugin {
  const prefixes = { core: 'virtual:i18n-core/', shell: 'virtual:i18n-shell/' } as const;
  return {
    name: 'preau-i18n-parts',
    resolveId: (id) => (Object.values(prefixes).some((p) => id.startsWith(p)) ? `\0${id}` : null),
    load(id) {
      const part = (Object.keys(prefixes) as Array<keyof typeof prefixes>).find((k) =>
        id.startsWith(`\0${prefixes[k]}`),
      );
      if (!part) return null;
      const locale = id.slice(prefixes[part].length + 1);
      const file = resolve(`src/web/i18n/${locale}.json`);
      this.addWatchFile(file);
      const all = JSON.parse(readFileSync(file, 'utf8')) as Catalogue;
      const files = staticImports(part === 'core' ? CORE_ROOTS : [...CORE_ROOTS, ...SHELL_ROOTS]);
      for (const f of files) this.addWatchFile(f);
      return `export default ${JSON.stringify(partOf(all, files))};`;
    },
  };
}

// The web app lives in src/web and is built to dist/web, which the Préau server serves (src/server/lib/web.ts).
export default defineConfig({
  root: 'src/web',
  plugins: [react(), i18nParts()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    // The budget (docs/web.md) is measured on what the sign-in route loads: keep the report honest.
    reportCompressedSize: true,
  },
  server: {
    port: Number(process.env.VITE_PORT ?? 5173),
    // Same host seen by the API (no changeOrigin): the server's Origin/Host CSRF check passes.
    proxy: { '/api': { target: `http://localhost:${process.env.PORT ?? 3000}` } },
  },
});
