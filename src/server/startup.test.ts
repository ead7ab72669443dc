import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createTestApp, signIn } from '../../test/app.ts';
import { loadConfig } from './lib/config.ts';
import { createDeploymentAdmin, createSchool } from './modules/deployment/deployment.service.ts';
import { DEMO_LOGINS, DEMO_PASSWORD } from './seed/demo.ts';
import { prepareDatabase } from './startup.ts';

describe('a first start in production', () => {
  test('an empty production database gets no demo: nobody signs in with a demo password', async () => {
    const ctx = await createTestApp();
    try {
      const lines: string[] = [];
      const state = await prepareDatabase(ctx.db, loadConfig({ NODE_ENV: 'production' }), (l) => lines.push(l));
      assert.equal(state, 'needs-admin');
      assert.match(lines.join('\n'), /npm run setup -- admin/);
      assert.equal((await ctx.db.selectFrom('people').select('id').execute()).length, 0);
      assert.equal((await ctx.db.selectFrom('schools').select('id').execute()).length, 0);
      for (const login of DEMO_LOGINS) {
        const res = await ctx.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { login, password: DEMO_PASSWORD },
          remoteAddress: '192.0.2.10',
        });
        assert.equal(res.statusCode, 401, login);
      }
    } finally {
      await ctx.close();
    }
  });

  test('the first administrator activates with the one-time code, then the first school is created', async () => {
    const ctx = await createTestApp();
    try {
      const admin = await createDeploymentAdmin(ctx.db, { firstName: 'Jeanne', lastName: 'Martin' });
      assert.equal(admin.login, 'jeanne.martin');
      assert.ok(Date.parse(admin.expiresAt) - Date.now() <= 24 * 3_600_000);
      const stored = await ctx.db.selectFrom('people').selectAll().executeTakeFirstOrThrow();
      assert.equal(stored.password_hash, null);
      assert.notEqual(stored.activation_code_hash, admin.code, 'only the hash is stored');
      assert.equal(await prepareDatabase(ctx.db, loadConfig({ NODE_ENV: 'production' }), () => {}), 'ready');

      const password = 'un mot de passe bien long';
      const act = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/activate',
        payload: { code: admin.code, password },
        remoteAddress: '192.0.2.11',
      });
      assert.equal(act.statusCode, 200, act.body);
      // The code works once.
      const again = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/activate',
        payload: { code: admin.code, password },
        remoteAddress: '192.0.2.11',
      });
      assert.equal(again.statusCode, 400);

      await createSchool(ctx.db, {
        uai: '0930001a',
        name: 'Collège Jean Moulin',
        town: 'Aulnay-sous-Bois',
        academie: 'Créteil',
        holidayZone: 'C',
        adminLogin: admin.login,
      });
      await assert.rejects(
        createSchool(ctx.db, {
          uai: '0930001A',
          name: 'Doublon',
          town: 'Sevran',
          academie: 'Créteil',
          holidayZone: 'C',
          adminLogin: admin.login,
        }),
        /exists already/,
      );
      const session = await signIn(ctx.app, { login: admin.login, password });
      const me = await ctx.app.inject({ method: 'GET', url: '/api/me', headers: session.headers });
      const body = me.json();
      assert.equal(body.person.isDeploymentAdmin, true);
      assert.equal(body.schools.length, 1);
      assert.equal(body.schools[0].uai, '0930001A');
      assert.ok(body.schools[0].functions.includes('school_admin'));
      const sites = await ctx.app.inject({
        method: 'GET',
        url: `/api/schools/${body.schools[0].id}/admin/sites`,
        headers: session.headers,
      });
      assert.equal(sites.statusCode, 200, sites.body);
    } finally {
      await ctx.close();
    }
  });
});

describe('the real server, started with NODE_ENV=production on an empty directory', () => {
  test('seeds nothing, says how to create the first administrator, and refuses the demo password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preau-prod-'));
    // A port the system says is free (a random one may be an ephemeral port in use under load).
    const port = await new Promise<number>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', reject);
      probe.listen(0, '127.0.0.1', () => {
        const p = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(p));
      });
    });
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATA_DIR: dir,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        SEED_DEMO: '',
        DATABASE_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d.toString();
    });
    child.stderr.on('data', (d) => {
      out += d.toString();
    });
    try {
      const deadline = Date.now() + 30_000;
      while (!out.includes('Préau is running') && Date.now() < deadline && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.match(out, /Préau is running/, out);
      assert.doesNotMatch(out, /demo college/i);
      assert.match(out, /npm run setup -- admin/);
      const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'admin', password: DEMO_PASSWORD }),
      });
      assert.equal(res.status, 401);
    } finally {
      // A child that already exited (a failed start) emits no more 'exit': waiting would hide the assertion's output.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
