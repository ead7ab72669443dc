import { isAutovacuumOff, refreshPlannerStatistics } from './db/database.ts';
import type { Db } from './db/types.ts';
import type { Config } from './lib/config.ts';
import { storageFromConfig } from './lib/storage.ts';
import { sealStoredSecrets } from './modules/auth/auth.mfa-secret.ts';
import { hasDeploymentAdmin } from './modules/deployment/deployment.service.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, isDatabaseEmpty, seedDemoCollege } from './seed/demo.ts';

export type StartState = 'demo-seeded' | 'needs-admin' | 'ready';

/**
 * What a start does to the database after migrating: the demo college into an empty database when asked (never
 * by default in production), and, when nobody can administer the deployment yet, how to create that person.
 */
export async function prepareDatabase(db: Db, config: Config, print: (line: string) => void): Promise<StartState> {
  if (await isAutovacuumOff(db)) {
    print(
      'WARNING: PostgreSQL runs with autovacuum off: table statistics go stale and query plans with them (run ANALYZE after bulk loads, or turn autovacuum on).',
    );
  }
  // Two-step sign-in secrets stored in clear by an earlier version (or under a previous key) are sealed now.
  const mfa = await sealStoredSecrets(db, config.mfaEncryptionKey);
  if (mfa.sealed > 0) print(`Two-step sign-in: ${mfa.sealed} secret(s) sealed with the current key.`);
  if (mfa.unreadable > 0) {
    print(
      `WARNING: ${mfa.unreadable} two-step sign-in secret(s) are sealed with a key this server does not know (was MFA_ENCRYPTION_KEY changed?): those people cannot sign in with a code; reset their two-step sign-in.`,
    );
  }
  if (config.seedDemo && (await isDatabaseEmpty(db))) {
    if (config.env === 'production') {
      print('WARNING: SEED_DEMO=true in production: the demo accounts have a published password.');
    }
    const t = Date.now();
    print('Empty database: seeding the demo college (Collège Le Parc)...');
    const storage = storageFromConfig(config);
    const summary = await seedDemoCollege(db, { storage }).finally(() => storage.close());
    await refreshPlannerStatistics(db);
    print(`Demo college seeded in ${((Date.now() - t) / 1000).toFixed(1)} s: ${JSON.stringify(summary)}`);
    print(`Demo sign-ins (password: ${DEMO_PASSWORD}): ${DEMO_LOGINS.join(', ')}`);
    return 'demo-seeded';
  }
  if (!(await hasDeploymentAdmin(db))) {
    print(
      [
        'No deployment administrator yet. On this server, create one (a one-time activation code is printed):',
        '  npm run setup -- admin --first-name Prénom --last-name Nom',
        'then, signed in, or from here, the first school:',
        '  npm run setup -- school --uai 0930001A --name "Collège …" --town "…" --academie Créteil --zone C --admin <login>',
      ].join('\n'),
    );
    return 'needs-admin';
  }
  return 'ready';
}
