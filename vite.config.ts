import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app lives in src/web and is built to dist/web, which the Préau server serves (src/server/lib/web.ts).
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
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
