import { migrateDown, migrateToLatest } from '../db/database.ts';
import { openConfiguredDatabase } from '../db/open-from-config.ts';
import { loadConfig } from '../lib/config.ts';

// npm run migrate            → latest
// npm run migrate -- --down  → one step down
const config = loadConfig();
const database = openConfiguredDatabase(config);
try {
  if (process.argv.includes('--down')) {
    console.log(`Reverted: ${(await migrateDown(database.db)) ?? 'nothing'}`);
  } else {
    const applied = await migrateToLatest(database.db);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Already up to date');
  }
} finally {
  await database.close();
}
