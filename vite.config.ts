import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

/**
 * `virtual:i18n-core/<locale>`: the keys the public pages (sign-in, activation, errors) need, picked from the
 * language's catalogue at build time. The sign-in page downloads these only; the whole catalogue comes with the
 * signed-in app (src/web/i18n/index.ts), so the catalogue's growth does not weigh on the sign-in page.
 */
const CORE_KEYS = ['activation', 'app', 'common', 'errors', 'layout', 'notFound', 'password', 'signIn'];
function i18nCore(): Plugin {
  const prefix = 'virtual:i18n-core/';
  return {
    name: 'preau-i18n-core',
    resolveId: (id) => (id.startsWith(prefix) ? `\0${id}` : null),
    load(id) {
      if (!id.startsWith(`\0${prefix}`)) return null;
      const locale = id.slice(prefix.length + 1);
      const file = new URL(`./src/web/i18n/${locale}.json`, import.meta.url);
      this.addWatchFile(file.pathname);
      const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      const core = Object.fromEntries(CORE_KEYS.filter((k) => k in all).map((k) => [k, all[k]]));
      return `export default ${JSON.stringify(core)};`;
    },
  };
}

// The web app lives in src/web and is built to dist/web, which the Préau server serves (src/server/lib/web.ts).
export default defineConfig({
  root: 'src/web',
  plugins: [react(), i18nCore()],
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
