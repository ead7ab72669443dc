import { parseArgs } from 'node:util';
import { migrateToLatest } from '../db/database.ts';
import { openConfiguredDatabase } from '../db/open-from-config.ts';
import { type Config, ConfigError, loadConfig } from '../lib/config.ts';
import { AppError } from '../lib/errors.ts';
import { createDeploymentAdmin, createSchool } from '../modules/deployment/deployment.service.ts';

// Setting up a deployment, from the server's shell (the database comes from the environment, as for the server):
//   npm run setup -- admin --first-name Jeanne --last-name Martin [--email jeanne.martin@ac-creteil.fr]
//       a deployment administrator, with a one-time activation code (24 h) to choose a password on /activation
//   npm run setup -- school --uai 0930001A --name "Collège Jean Moulin" --town Aulnay-sous-Bois
//                           --academie Créteil --zone C --admin jeanne.martin
//       a school with its current school year and a main site, administered by that login

const USAGE = `Usage:
  npm run setup -- admin --first-name F --last-name L [--email E]
  npm run setup -- school --uai 0930001A --name N --town T --academie A --zone A|B|C --admin LOGIN`;

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

function readArgs() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        'first-name': { type: 'string' },
        'last-name': { type: 'string' },
        email: { type: 'string' },
        uai: { type: 'string' },
        name: { type: 'string' },
        town: { type: 'string' },
        academie: { type: 'string' },
        zone: { type: 'string' },
        admin: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
  } catch (e) {
    fail(`${(e as Error).message}\n${USAGE}`);
  }
}

const activationUrl = (config: Config, code: string) =>
  `${config.publicUrl ?? `http://localhost:${config.port}`}/activation?code=${encodeURIComponent(code)}`;

async function main() {
  const { values: v, positionals } = readArgs();
  if (v.help || positionals.length !== 1) fail(USAGE, v.help ? 0 : 1);
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message, 78);
    throw e;
  }
  const database = openConfiguredDatabase(config);
  try {
    await migrateToLatest(database.db);
    if (positionals[0] === 'admin') {
      if (!v['first-name'] || !v['last-name']) fail(`--first-name and --last-name are needed\n${USAGE}`);
      const a = await createDeploymentAdmin(database.db, {
        firstName: v['first-name'],
        lastName: v['last-name'],
        email: v.email,
      });
      console.log(`Deployment administrator created: login ${a.login}`);
      console.log(`One-time activation code (valid until ${a.expiresAt}): ${a.code}`);
      console.log(`Choose the password at ${activationUrl(config, a.code)}`);
      console.log('The code is not stored in clear and will not be shown again.');
    } else if (positionals[0] === 'school') {
      const zone = v.zone?.toUpperCase();
      if (!v.uai || !v.name || !v.town || !v.academie || !v.admin || !zone || !['A', 'B', 'C'].includes(zone)) {
        fail(`--uai, --name, --town, --academie, --zone (A, B or C) and --admin are needed\n${USAGE}`);
      }
      const { schoolId } = await createSchool(database.db, {
        uai: v.uai,
        name: v.name,
        town: v.town,
        academie: v.academie,
        holidayZone: zone as 'A' | 'B' | 'C',
        adminLogin: v.admin,
      });
      console.log(`School created (${schoolId}); ${v.admin} administers it (Administration in the web app).`);
    } else {
      fail(USAGE);
    }
  } catch (e) {
    if (e instanceof AppError) fail(e.message);
    throw e;
  } finally {
    await database.close();
  }
}

await main();
