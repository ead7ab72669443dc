import { buildApp } from './app.ts';
import { migrateToLatest } from './db/database.ts';
import { openConfiguredDatabase } from './db/open-from-config.ts';
import { ConfigError, loadConfig } from './lib/config.ts';
import { transportFor } from './lib/mail-transport.ts';
import { removeExpiredSanctions } from './modules/discipline/discipline.service.ts';
import { purgeExpiredEntries } from './modules/followup/followup.service.ts';
import { MailWorker } from './modules/mail/mail.worker.ts';
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
  // Mail leaves from every server process; the queue's leases keep several processes from sending a mail twice.
  const transport = transportFor(config.mail);
  const mailWorker = transport
    ? new MailWorker({
        db: database.db,
        config,
        transport,
        log: (message, details) => app.log.info(details ?? {}, message),
      })
    : null;
  // Sanctions leave pupils' files when their legal time is over (docs/discipline.md): checked at start and hourly.
  const removal = async () => {
    try {
      const n = await removeExpiredSanctions(database.db);
      if (n > 0) app.log.info({ removed: n }, 'sanctions removed from pupils files');
    } catch (e) {
      app.log.error(e, 'sanction removal failed');
    }
  };
  const removalTimer = setInterval(() => void removal(), 60 * 60 * 1000);
  removalTimer.unref();
  // Follow-up entries past their retention (docs/followup.md): at start, then daily.
  const purge = () =>
    purgeExpiredEntries(database.db).catch((e: unknown) => app.log.error({ err: e }, 'follow-up purge failed'));
  void purge();
  setInterval(() => void purge(), 24 * 3600 * 1000).unref();
  const close = async () => {
    clearInterval(removalTimer);
    await mailWorker?.stop();
    transport?.close();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  await app.listen({ port: config.port, host: config.host });
  void removal();
  const shownHost = config.host === '0.0.0.0' ? 'localhost' : config.host;
  console.log(`\nPréau is running on http://${shownHost}:${config.port} (${database.engine})`);
  if (state === 'needs-admin') console.log('No administrator yet: see above (npm run setup).');
  mailWorker?.start();
  if (config.mail.transport === 'folder') console.log(`Mail is written to ${config.mail.dir} (no SMTP_HOST).`);
  if (config.mail.transport === 'off') console.log('No SMTP_HOST: no mail leaves Préau (docs/mail.md).');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
