import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { parseSsoClients } from '../../src/server/lib/sso-clients.ts';
import { makeClass, makePupil, makeSchool, makeStaff } from '../factories.ts';
import { launchBrowser, openTab, type Preau, signInThroughApi, startPreau } from './helpers.ts';

const PRONOTE = 'https://pronote.example.fr/pronote/';

let preau: Preau;
let browser: Browser;

before(async () => {
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
});

test('[APPLICATIONS] a pupil on a phone opens Pronote from the home page, signed in through CAS', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
  const c4b = await makeClass(preau.db, school, { code: '4B', level: '4e' });
  const pupil = await makePupil(preau.db, school, { classId: c4b.id, firstName: 'Lina' });
  const tab = await openTab(browser, preau, { journey: 'applications-pupil-phone', width: 360, height: 740 });
  // The application is not there: what matters is the address the browser is sent to, with its ticket.
  const toPronote = async () => {
    const request = await tab.page.waitForRequest(
      (r) => r.url().startsWith(`${PRONOTE}eleve.html?ticket=ST-`) && r.isNavigationRequest(),
    );
    // The browser then shows its "cannot reach" page: let that navigation end before the next one.
    await tab.page.waitForEvent('requestfailed').catch(() => undefined);
    await tab.page.waitForLoadState('load').catch(() => undefined);
    return request;
  };
  try {
    const { page, step } = tab;
    await step('anonymous: Pronote asks Préau, Préau asks to sign in, then sends back to Pronote', async () => {
      await page.goto(`/cas/login?service=${encodeURIComponent(`${PRONOTE}eleve.html`)}`);
      await page.waitForURL(/\/connexion\?redirect=%2Fcas%2Flogin/);
      await page.getByRole('textbox', { name: 'Identifiant' }).fill(pupil.login);
      await page.getByLabel('Mot de passe').fill(pupil.password);
      const arrival = toPronote();
      await page.getByRole('button', { name: 'Se connecter' }).click();
      const ticket = new URL((await arrival).url()).searchParams.get('ticket') ?? '';
      const xml = await (
        await fetch(
          `${preau.url}/cas/serviceValidate?${new URLSearchParams({ ticket, service: `${PRONOTE}eleve.html` })}`,
        )
      ).text();
      assert.match(xml, /<cas:prenom>Lina<\/cas:prenom>/);
      assert.match(xml, /<cas:classe>4B<\/cas:classe>/);
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
      const arrival = toPronote();
      await page.getByRole('link', { name: 'Pronote' }).click();
      await arrival;
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
