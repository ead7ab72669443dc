// `npm start`: build the web app when dist/web is missing or older than src/web, then run the server.
import { ensureWebBuilt } from './web-build.ts';

await ensureWebBuilt();
await import('../main.ts');
