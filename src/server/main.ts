import { buildApp } from './app.ts';
import { migrateToLatest } from './db/database.ts';
import { openConfiguredDatabase } from './db/open-from-config.ts';
import { ConfigError, loadConfig } from './lib/config.ts';
import { prepareDatabase } from './startup.ts';

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  const database = openConfiguredDatabase(config);
  await migrateToLatest(database.db);
  const state = await prepareDatabase(database.db, config, (line) => console.log(line));
  const app = await buildApp({ db: database.db, config });
  const close = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  await app.listen({ port: config.port, host: config.host });
  const shownHost = config.host === '0.0.0.0' ? 'localhost' : config.host;
  console.log(`\nPréau is running on http://${shownHost}:${config.port} (${database.engine})`);
  if (state === 'needs-admin') console.log('No administrator yet: see above (npm run setup).');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
