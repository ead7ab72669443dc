import cluster from 'node:cluster';
import { buildApp } from './app.ts';
import { migrateToLatest } from './db/database.ts';
import { openConfiguredDatabase } from './db/open-from-config.ts';
import { type Config, ConfigError, loadConfig } from './lib/config.ts';
import { connectInvalidationBus } from './lib/invalidation.ts';
import { transportFor } from './lib/mail-transport.ts';
import { removeExpiredSanctions } from './modules/discipline/discipline.service.ts';
import { purgeExpiredEntries } from './modules/followup/followup.service.ts';
import { purgeHandInsOfLeavers } from './modules/handin/handin.retention.ts';
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
  if (config.workers > 1 && cluster.isPrimary) return runPrimary(config);
  const database = openConfiguredDatabase(config);
  // With several processes, the primary migrated and prepared the database before starting the workers.
  const state = cluster.isWorker
    ? null
    : (await migrateToLatest(database.db), await prepareDatabase(database.db, config, (line) => console.log(line)));
  const bus = config.redisUrl
    ? await connectInvalidationBus(config.redisUrl, (message) =>
        console.error(`[worker ${config.workerId}] ${message}`),
      )
    : null;
  const app = await buildApp({ db: database.db, config });
  // A storage that cannot be reached or written to stops the start, rather than the first pupil's hand-in.
  try {
    await app.storage.check();
  } catch (e) {
    console.error(`File storage: ${(e as Error).message}`);
    process.exit(78);
  }
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
  // Follow-up entries and hand-ins of pupils who left, past their retention (docs/followup.md, docs/handin.md):
  // at start, then daily.
  const purge = async () => {
    await purgeExpiredEntries(database.db).catch((e: unknown) => app.log.error({ err: e }, 'follow-up purge failed'));
    try {
      const r = await purgeHandInsOfLeavers(database.db, app.storage);
      if (r.handIns > 0) app.log.info(r, 'hand-ins of pupils who left purged');
      if (r.filesNotRemoved > 0) app.log.error(r, 'hand-in files could not be removed from the storage');
    } catch (e) {
      app.log.error({ err: e }, 'hand-in purge failed');
    }
  };
  // Periodic jobs run in one process: worker 1 when there are several (docs/scale.md).
  const runsJobs = config.workerId === 1;
  const timers = runsJobs
    ? [setInterval(() => void removal(), 60 * 60 * 1000), setInterval(() => void purge(), 24 * 3600 * 1000)]
    : [];
  for (const timer of timers) timer.unref();
  if (runsJobs) void purge();
  const close = async () => {
    for (const timer of timers) clearInterval(timer);
    await mailWorker?.stop();
    transport?.close();
    await app.close();
    await bus?.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  await app.listen({ port: config.port, host: config.host });
  if (runsJobs) void removal();
  mailWorker?.start();
  // A worker says nothing more: the primary announces the server once every worker listens.
  if (cluster.isWorker) return;
  const shownHost = config.host === '0.0.0.0' ? 'localhost' : config.host;
  console.log(`\nPréau is running on http://${shownHost}:${config.port} (${database.engine})`);
  if (state === 'needs-admin') console.log('No administrator yet: see above (npm run setup).');
  if (config.mail.transport === 'folder') console.log(`Mail is written to ${config.mail.dir} (no SMTP_HOST).`);
  if (config.mail.transport === 'off') console.log('No SMTP_HOST: no mail leaves Préau (docs/mail.md).');
}

/**
 * PREAU_WORKERS > 1: this process migrates and prepares the database, then starts that many workers, which share
 * the port (node:cluster) and PostgreSQL, and invalidate each other's caches through Redis. A worker that dies
 * is replaced; SIGTERM or SIGINT stops them all.
 */
async function runPrimary(config: Config) {
  const database = openConfiguredDatabase(config);
  await migrateToLatest(database.db);
  const state = await prepareDatabase(database.db, config, (line) => console.log(line));
  await database.close();
  const workerIds = new Map<number, number>();
  let stopping = false;
  let listening = 0;
  const start = (workerId: number) => {
    const w = cluster.fork({ PREAU_WORKER_ID: String(workerId) });
    workerIds.set(w.id, workerId);
  };
  cluster.on('listening', () => {
    listening += 1;
    if (listening !== config.workers) return;
    const shownHost = config.host === '0.0.0.0' ? 'localhost' : config.host;
    console.log(
      `\nPréau is running on http://${shownHost}:${config.port} (${config.databaseUrl ? 'postgres' : 'sqlite'}, ` +
        `${config.workers} processes)`,
    );
    if (state === 'needs-admin') console.log('No administrator yet: see above (npm run setup).');
  });
  cluster.on('exit', (w, code, signal) => {
    const workerId = workerIds.get(w.id);
    workerIds.delete(w.id);
    if (stopping || workerId === undefined) return;
    console.error(`Worker ${workerId} stopped (${signal ?? `code ${code}`}); starting it again.`);
    setTimeout(() => start(workerId), 1000).unref();
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    const wait = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    }, 100);
    setTimeout(() => process.exit(0), 15_000).unref();
    wait.unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  for (let i = 1; i <= config.workers; i += 1) start(i);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
