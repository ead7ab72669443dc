import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { parseSsoClients } from '../../src/server/lib/sso-clients.ts';
import { makeClass, makePupil, makeSchool, makeStaff } from '../factories.ts';
import { launchBrowser, openTab, type Preau, signInThroughApi, startPreau } from './helpers.ts';

let PRONOTE = '';

let preau: Preau;
let browser: Browser;
let pronote: Server;

/** A stand-in for Pronote in CAS mode: it validates the ticket it is given with Préau and greets the person. */
function startPronote(): Promise<void> {
  pronote = createServer((req, res) => {
    const url = new URL(req.url ?? '/', PRONOTE);
    const ticket = url.searchParams.get('ticket');
    const service = `${url.origin}${url.pathname}`;
    const answer = (html: string) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="fr"><title>Pronote</title><main><h1>Pronote</h1>${html}</main></html>`);
    };
    if (!ticket) return answer('<p>Non connecté</p>');
    fetch(`${preau.url}/cas/p3/serviceValidate?${new URLSearchParams({ ticket, service })}`)
      .then((r) => r.text())
      .then((xml) => {
        const attr = (name: string) => new RegExp(`<cas:${name}>([^<]*)</cas:${name}>`).exec(xml)?.[1] ?? '?';
        answer(`<p>Bonjour ${attr('prenom')} (${attr('classe')})</p>`);
      })
      .catch(() => answer('<p>Erreur</p>'));
  });
  return new Promise((resolve) =>
    pronote.listen(0, '127.0.0.1', () => {
      PRONOTE = `http://127.0.0.1:${(pronote.address() as AddressInfo).port}/pronote/`;
      resolve();
    }),
  );
}

before(async () => {
  await startPronote();
  preau = await startPreau({
    ssoClients: parseSsoClients(
      JSON.stringify([
        {
          client_id: 'pronote',
          kind: 'cas',
          name: 'Pronote',
          description: 'Vie scolaire et notes',
          url: `${PRONOTE}eleve.html`,
          redirect_uris: [PRONOTE],
          profiles: ['pupil', 'teacher'],
        },
        {
          client_id: 'cdi',
          client_secret: 'un secret de client de test, assez long pour compter',
          kind: 'oidc',
          name: 'Portail du CDI',
          redirect_uris: ['https://cdi.example.fr/callback'],
          profiles: ['teacher'],
        },
      ]),
    ),
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await preau?.close();
  await new Promise((r) => pronote?.close(r));
});

test('[APPLICATIONS] a pupil on a phone opens Pronote from the home page, signed in through CAS', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
  const c4b = await makeClass(preau.db, school, { code: '4B', level: '4e' });
  const pupil = await makePupil(preau.db, school, { classId: c4b.id, firstName: 'Lina' });
  const tab = await openTab(browser, preau, { journey: 'applications-pupil-phone', width: 360, height: 740 });
  try {
    const { page, step } = tab;
    await step('anonymous: Pronote asks Préau, Préau asks to sign in, then sends back to Pronote', async () => {
      await page.goto(`/cas/login?service=${encodeURIComponent(`${PRONOTE}eleve.html`)}`);
      await page.waitForURL(/\/connexion\?redirect=%2Fcas%2Flogin/);
      await page.getByRole('textbox', { name: 'Identifiant' }).fill(pupil.login);
      await page.getByLabel('Mot de passe').fill(pupil.password);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByText('Bonjour Lina (4B)').waitFor();
      assert.ok(page.url().startsWith(`${PRONOTE}eleve.html?ticket=ST-`), page.url());
    });
    await step('the home page leads to the Applications page', async () => {
      await page.goto('/');
      await page.getByRole('link', { name: "Ouvrir l'application connectée" }).click();
      await page.getByRole('heading', { level: 1, name: 'Applications' }).waitFor();
      await page.getByText('Vie scolaire et notes').waitFor();
      assert.equal(await page.getByText('Portail du CDI').count(), 0, 'not for pupils');
      assert.equal(await page.getByRole('heading', { name: 'Applications enregistrées' }).count(), 0);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `no sideways scrolling at 360 px (${width})`);
      await tab.checkA11y('applications-pupil');
      await tab.screenshot('applications-pupil');
    });
    await step('opening Pronote goes through Préau and arrives signed in', async () => {
      await page.getByRole('link', { name: 'Pronote' }).click();
      await page.getByText('Bonjour Lina (4B)').waitFor();
    });
  } finally {
    await tab.context.close();
  }
});

test('[APPLICATIONS] the school administrator reads the registered applications at 360 px', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Les Tilleuls' });
  const admin = await makeStaff(preau.db, school, ['school_admin']);
  const tab = await openTab(browser, preau, { journey: 'applications-admin-phone', width: 360, height: 740 });
  try {
    const { page, step } = tab;
    await signInThroughApi(tab, admin.login, admin.password);
    await step('the registry, read-only', async () => {
      await page.goto('/');
      await page.getByRole('link', { name: 'Applications enregistrées' }).click();
      await page.getByRole('heading', { level: 1, name: 'Applications' }).waitFor();
      await page.getByText("Aucune application n'est ouverte à votre compte.").waitFor();
      const table = page.getByRole('table', { name: 'Applications enregistrées' });
      await table.getByRole('rowheader', { name: /Portail du CDI/ }).waitFor();
      await table.getByRole('cell', { name: 'OpenID Connect' }).waitFor();
      await table.getByRole('cell', { name: 'Élève, Professeur' }).waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `no sideways scrolling at 360 px (${width})`);
      await tab.checkA11y('applications-admin');
      await tab.screenshot('applications-admin');
    });
  } finally {
    await tab.context.close();
  }
});
