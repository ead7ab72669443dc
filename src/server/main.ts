import { buildApp } from './app.ts';
import { migrateToLatest } from './db/database.ts';
import { openConfiguredDatabase } from './db/open-from-config.ts';
import { ConfigError, loadConfig } from './lib/config.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, isDatabaseEmpty, seedDemoCollege } from './seed/demo.ts';

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
  if (config.seedDemo && (await isDatabaseEmpty(database.db))) {
    const t = Date.now();
    console.log('Empty database: seeding the demo college (Collège Le Parc)...');
    const summary = await seedDemoCollege(database.db);
    console.log(`Demo college seeded in ${((Date.now() - t) / 1000).toFixed(1)} s: ${JSON.stringify(summary)}`);
  }
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
  if (config.seedDemo) {
    console.log(`Demo sign-ins (password: ${DEMO_PASSWORD}): ${DEMO_LOGINS.join(', ')}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
