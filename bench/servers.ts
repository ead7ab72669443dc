import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from './database.ts';
import type { BenchOptions } from './options.ts';

export interface Server {
  name: string;
  url: string;
  pid: number;
  /** The child's last lines of output, for error messages. */
  tail(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, name: string, tail: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tail()}`);
    }
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} not ready after ${timeoutMs / 1000} s:\n${tail()}`);
}

async function startChild(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
  readyPath: string,
): Promise<Server> {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (c: Buffer) => {
    for (const l of c.toString().split('\n')) if (l.trim()) lines.push(l);
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', (c: Buffer) => {
    keep(c);
    process.stderr.write(`  ${name} │ ${c}`);
  });
  const tail = () => lines.slice(-30).join('\n');
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitReady(`${url}${readyPath}`, child, name, tail);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    name,
    url,
    pid: child.pid!,
    tail,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function startBare(): Promise<Server> {
  const port = await freePort();
  return startChild(
    'bare',
    ['--import', 'tsx', path.join(REPO_ROOT, 'bench/bare-server.ts')],
    { ...process.env, NODE_ENV: 'production', PORT: String(port) },
    port,
    '/',
  );
}

export async function startPreau(o: BenchOptions, profileDir?: string): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    // The bench signs CPEs in with a password only.
    MFA_REQUIRED: 'off',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    DATA_DIR: o.dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
  };
  for (const k of ['PUBLIC_URL', 'TRUST_PROXY']) delete env[k];
  if (o.databaseUrl) env.DATABASE_URL = o.databaseUrl;
  else delete env.DATABASE_URL;
  env.PREAU_WORKERS = String(o.workers);
  if (o.workers > 1) env.REDIS_URL = o.redisUrl;
  const prof = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  return startChild(
    'preau',
    [...prof, '--import', 'tsx', path.join(REPO_ROOT, 'src/server/main.ts')],
    env,
    port,
    '/readyz',
  );
}
