import path from 'node:path';
import { parseArgs } from 'node:util';

export type Engine = 'sqlite' | 'postgres';

export interface BenchOptions {
  schools: number;
  /** A whole school year in every school (`npm run seed -- --year`), in its own data directory and database. */
  year: boolean;
  /** Adopt a database that `npm run seed` built by itself (no bench marker yet) instead of refusing it. */
  reuse: boolean;
  engine: Engine;
  /** DATA_DIR of the Préau child; holds preau.sqlite in SQLite mode and the build marker in both modes. */
  dataDir: string;
  /** PostgreSQL only. */
  databaseUrl: string | undefined;
  /** Seconds measured per scenario (after its warm-up). */
  duration: number;
  warmup: number;
  connections: number;
  loginConnections: number;
  loginDuration: number;
  pupils: number;
  guardians: number;
  password: string;
  /** Only these scenarios (names), in list order; empty = all. */
  only: string[];
  /** Start the Préau child with --cpu-prof and summarise the profile. */
  profile: boolean;
  /** Préau processes (PREAU_WORKERS); more than one needs PostgreSQL and Redis. */
  workers: number;
  /** The crisis scenario's sign-ins per second (0: none). */
  crisisSignIns: number;
  /** The survival scenario's overload, in seconds. */
  survivalSeconds: number;
  redisUrl: string;
  resultsDir: string;
}

const HELP = `npm run bench -- [options]

  --schools N            département size (default 130)
  --year                 the year-sized database: a whole school year in every school (seed --year)
  --reuse                adopt a database already seeded by \`npm run seed -- --schools N [--year]\`
  --engine E             sqlite (default) or postgres
  --duration S           seconds measured per HTTP scenario (default 15)
  --warmup S             warm-up seconds before each scenario (default 3)
  --connections N        connections for the HTTP scenarios (default 50)
  --login-connections N  connections for the sign-in scenario (default 12)
  --login-duration S     seconds for the sign-in scenario (default 10)
  --pupils N --guardians N  accounts sampled and signed in (default 500 each)
  --only a,b             run only these scenarios
  --profile              run Préau with --cpu-prof and print where its CPU time goes
  --crisis-sign-ins N    sign-ins per second during the crisis scenario (default 33; 0 for none)
  --survival-seconds S   seconds of overload in the survival scenario (default 60)
  --workers N            Préau processes (PREAU_WORKERS, PostgreSQL only; Redis at REDIS_URL or 127.0.0.1:6379)

Environment: BENCH_DATA_DIR (default ./data/bench, ./data/bench-<N>schools when --schools is not 130, then -year
with --year), PREAU_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/preau_bench[_<N>schools][_year]),
BENCH_PASSWORD (default: the seed's 'college-le-parc').`;

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      schools: { type: 'string', default: '130' },
      year: { type: 'boolean', default: false },
      reuse: { type: 'boolean', default: false },
      engine: { type: 'string', default: 'sqlite' },
      duration: { type: 'string', default: '15' },
      warmup: { type: 'string', default: '3' },
      connections: { type: 'string', default: '50' },
      'login-connections': { type: 'string', default: '12' },
      'login-duration': { type: 'string', default: '10' },
      pupils: { type: 'string', default: '500' },
      guardians: { type: 'string', default: '500' },
      only: { type: 'string', default: '' },
      profile: { type: 'boolean', default: false },
      workers: { type: 'string', default: '1' },
      'crisis-sign-ins': { type: 'string', default: '33' },
      'survival-seconds': { type: 'string', default: '60' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const int = (name: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min} (got ${v})`);
    return n;
  };
  const schools = int('schools', values.schools, 1);
  if (values.engine !== 'sqlite' && values.engine !== 'postgres') {
    throw new Error(`--engine must be sqlite or postgres (got ${values.engine})`);
  }
  const engine: Engine = values.engine;
  const suffix = `${schools === 130 ? '' : `-${schools}schools`}${values.year ? '-year' : ''}`;
  const baseDir = env.BENCH_DATA_DIR || `./data/bench${suffix}`;
  // Each engine keeps its own marker, so the two can share a directory.
  const dataDir = path.resolve(engine === 'postgres' ? path.join(baseDir, 'postgres') : baseDir);
  const databaseUrl =
    engine === 'postgres'
      ? env.PREAU_BENCH_DATABASE_URL || `postgres://postgres@127.0.0.1:5432/preau_bench${suffix.replaceAll('-', '_')}`
      : undefined;
  return {
    schools,
    year: values.year,
    reuse: values.reuse,
    engine,
    dataDir,
    databaseUrl,
    duration: int('duration', values.duration, 1),
    warmup: int('warmup', values.warmup, 0),
    connections: int('connections', values.connections, 1),
    loginConnections: int('login-connections', values['login-connections'], 1),
    loginDuration: int('login-duration', values['login-duration'], 1),
    pupils: int('pupils', values.pupils, 0),
    guardians: int('guardians', values.guardians, 0),
    password: env.BENCH_PASSWORD || 'college-le-parc',
    only: values.only ? values.only.split(',').map((s) => s.trim()) : [],
    profile: values.profile,
    workers: workersOf(int('workers', values.workers, 1), engine),
    crisisSignIns: int('crisis-sign-ins', values['crisis-sign-ins'], 0),
    survivalSeconds: int('survival-seconds', values['survival-seconds'], 1),
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    resultsDir: path.resolve(import.meta.dirname, 'results'),
  };
}

function workersOf(n: number, engine: Engine): number {
  if (n > 1 && engine !== 'postgres') throw new Error('--workers above 1 needs --engine postgres');
  return n;
}
