import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildApp } from '../app.ts';
import { openDatabase } from '../db/database.ts';
import { testConfig } from '../lib/config.ts';

// npm run openapi -- <file>: writes (to stdout without a file) the OpenAPI document of the routes, without listening or touching a database
// (an empty in-memory SQLite is opened and never queried).
const out = process.argv[2];
const database = openDatabase({ sqliteFile: ':memory:' });
const app = await buildApp({ db: database.db, config: testConfig(), logger: false });
try {
  await app.ready();
  const text = `${JSON.stringify(app.swagger(), null, 2)}\n`;
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
  } else process.stdout.write(text);
} finally {
  await app.close();
  await database.close();
}
