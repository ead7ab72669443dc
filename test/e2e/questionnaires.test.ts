import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { readLetter, signIn } from '../app.ts';
import { makeClass, makeGuardian, makePupil, makeSchool, makeStaff } from '../factories.ts';
import { launchBrowser, openTab, type Preau, signInThroughApi, startPreau } from './helpers.ts';

let preau: Preau;
let browser: Browser;

before(async () => {
  preau = await startPreau();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await preau?.close();
});

async function noHorizontalScroll(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no horizontal scroll on a phone (${width}px)`);
}

/** Every checkbox row of a group is a target of at least 44 px high (the label is clickable). */
async function targetsOf44px(page: Page, group: string) {
  const heights = await page
    .getByRole('group', { name: group })
    .locator('label')
    .evaluateAll((labels) => labels.map((l) => l.getBoundingClientRect().height));
  assert.ok(heights.length > 0, `${group}: rows`);
  for (const h of heights) assert.ok(h >= 44, `${group}: a row of ${h}px`);
}

test('[QUESTIONNAIRES] the principal drafts, edits, picks two classes, publishes; a parent answers; reminder; PDF', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Les Tilleuls' });
  const c6a = await makeClass(preau.db, school, { code: '6A', level: '6e' });
  const c6b = await makeClass(preau.db, school, { code: '6B', level: '6e' });
  const c4 = await makeClass(preau.db, school, { code: '4C', level: '4e' });
  const lina = await makePupil(preau.db, school, { classId: c6a.id, firstName: 'Lina' });
  const noah = await makePupil(preau.db, school, { classId: c6b.id, firstName: 'Noah' });
  const yanis = await makePupil(preau.db, school, { classId: c4.id, firstName: 'Yanis' });
  const parent = await makeGuardian(preau.db, { children: [{ id: lina.id, schoolId: school.id }] });
  const silent = await makeGuardian(preau.db, { children: [{ id: noah.id, schoolId: school.id }] });
  const outside = await makeGuardian(preau.db, { children: [{ id: yanis.id, schoolId: school.id }] });
  const principal = await makeStaff(preau.db, school, ['principal']);

  const direction = await openTab(browser, preau, { journey: 'questionnaire-principal', width: 360, height: 780 });
  try {
    await signInThroughApi(direction, principal.login, principal.password);
    const { page, step } = direction;
    await step('create a draft with one question', async () => {
      await page.goto('/questionnaires');
      await page.getByRole('heading', { level: 1, name: 'Questionnaires' }).waitFor();
      await page.getByRole('link', { name: 'Créer un questionnaire' }).click();
      await page.getByRole('heading', { level: 1, name: 'Nouveau questionnaire' }).waitFor();
      await page.getByRole('textbox', { name: 'Titre' }).fill('Sortie au musée');
      await page.getByRole('textbox', { name: 'Intitulé' }).fill('Votre enfant peut-il venir ?');
      await page.getByRole('textbox', { name: 'Réponses possibles (une par ligne)' }).fill('Oui\nNon');
      await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
      await page.getByText('Votre enfant peut-il venir ?', { exact: true }).waitFor();
      await direction.checkA11y('new-draft');
      await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
      await page.getByRole('heading', { level: 3, name: /Sortie au musée/ }).waitFor();
    });
    await step('edit it: title, a second question, two classes', async () => {
      await page.getByRole('link', { name: 'Modifier' }).click();
      await page.getByRole('heading', { level: 1, name: 'Modifier le questionnaire' }).waitFor();
      await page.getByRole('textbox', { name: 'Titre' }).fill('Sortie au musée d’Orsay');
      await page.getByRole('textbox', { name: 'Intitulé' }).fill('Une remarque ?');
      await page.getByRole('combobox', { name: 'Type de question' }).selectOption('text');
      await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
      await page.getByText('Une remarque ?').waitFor();
      // The first question: made required.
      await page.getByRole('button', { name: 'Modifier : Votre enfant peut-il venir ?' }).click();
      await page.getByRole('checkbox', { name: 'Réponse obligatoire' }).check();
      await page.getByRole('button', { name: 'Enregistrer la question' }).click();
      // A third question, shown only when the child cannot come.
      await page.getByRole('textbox', { name: 'Intitulé' }).fill('Pourquoi ?');
      await page.getByRole('combobox', { name: 'Type de question' }).selectOption('text');
      await page
        .getByRole('combobox', { name: 'Afficher cette question' })
        .selectOption({ label: 'Seulement si « Votre enfant peut-il venir ? » : « Non »' });
      await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
      await page
        .getByRole('listitem')
        .filter({ hasText: 'Pourquoi ?' })
        .getByText('Seulement si « Votre enfant peut-il venir ? » : « Non »')
        .waitFor();
      const classes = page.getByRole('group', { name: 'Classes' });
      await classes.getByRole('checkbox', { name: '6A' }).check();
      await classes.getByRole('checkbox', { name: '6B' }).check();
      await targetsOf44px(page, 'Classes');
      await targetsOf44px(page, 'Niveaux');
      await noHorizontalScroll(page);
      await direction.checkA11y('edit-draft');
      await direction.screenshot('edit-draft');
      await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
      await page.getByRole('heading', { level: 3, name: /Sortie au musée d’Orsay/ }).waitFor();
    });
    await step('publish', async () => {
      await page.getByRole('button', { name: 'Publier' }).click();
      await page.getByText('Ouvert', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Relancer les non-répondants' }).waitFor();
      await direction.checkA11y('published');
    });
  } finally {
    await direction.context.close();
  }
  const stored = await preau.db.selectFrom('questionnaires').selectAll().executeTakeFirstOrThrow();
  assert.deepEqual(JSON.parse(stored.audience).classIds.sort(), [c6a.id, c6b.id].sort());
  assert.equal(stored.status, 'published');

  const phone = await openTab(browser, preau, { journey: 'questionnaire-parent', width: 360, height: 780 });
  try {
    await signInThroughApi(phone, parent.login, parent.password);
    const { page, step } = phone;
    await step('the parent answers on a phone', async () => {
      await page.goto('/questionnaires');
      await page.getByRole('link', { name: 'Sortie au musée d’Orsay' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sortie au musée d’Orsay' }).waitFor();
      // The conditional question appears with « Non », and goes again with « Oui ».
      await page.getByRole('radio', { name: 'Non' }).check();
      await page.getByRole('textbox', { name: 'Pourquoi ?' }).fill('Malade');
      await phone.checkA11y('answer-condition');
      await page.getByRole('radio', { name: 'Oui' }).check();
      assert.equal(await page.getByRole('textbox', { name: 'Pourquoi ?' }).count(), 0);
      await phone.checkA11y('answer');
      await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
      await page.getByText('Merci, vos réponses sont enregistrées.').waitFor();
      await noHorizontalScroll(page);
    });
  } finally {
    await phone.context.close();
  }

  const answered = await preau.db
    .selectFrom('questionnaire_anonymous_answers')
    .select('answers')
    .executeTakeFirstOrThrow();
  assert.deepEqual(JSON.parse(answered.answers), { q1: 'o1' }, 'the hidden question’s answer was not sent');

  // A news to the 6e families, opened by one of them: the pilotage dashboard shows who it reached.
  const direction2 = await signIn(preau.app, principal);
  const news = await preau.app.inject({
    method: 'POST',
    url: '/api/news',
    headers: direction2.headers,
    payload: {
      schoolId: school.id,
      title: 'Réunion de rentrée des 6e',
      body: '<p>Jeudi à 18 h.</p>',
      audience: { publics: ['guardians'], levels: ['6e'] },
      ackRequired: true,
    },
  });
  assert.equal(news.statusCode, 201, news.body);
  const parentSession = await signIn(preau.app, parent);
  await preau.app.inject({
    method: 'POST',
    url: `/api/news/${news.json().id}/read`,
    headers: parentSession.headers,
  });

  const back = await openTab(browser, preau, { journey: 'questionnaire-reminder', width: 360, height: 780 });
  try {
    await signInThroughApi(back, principal.login, principal.password);
    const { page, step } = back;
    await step('remind those who have not answered', async () => {
      await page.goto('/questionnaires');
      await page.getByText(/1 réponse/).waitFor();
      await page.getByRole('button', { name: 'Relancer les non-répondants' }).click();
      await page.getByText('Rappel envoyé à 1 personne qui n’avait pas répondu.').waitFor();
      await page.getByText(/^Dernier rappel le .*; prochain possible le /).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Relancer les non-répondants' }).count(), 0);
      await back.checkA11y('reminded');
      await noHorizontalScroll(page);
      await back.screenshot('reminded');
    });
    await step('the results as PDF', async () => {
      await page.getByRole('link', { name: 'Résultats' }).click();
      await page.getByRole('heading', { level: 1, name: 'Résultats du questionnaire' }).waitFor();
      const link = page.getByRole('link', { name: 'Exporter en PDF' });
      await back.checkA11y('results');
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const path = await download.path();
      assert.ok(path);
      const { readFile } = await import('node:fs/promises');
      const { text } = await readLetter(await readFile(path));
      assert.match(text, /Sortie au musée d’Orsay/);
      assert.match(text, /Collège Les Tilleuls/);
      assert.match(text, /Votre enfant peut-il venir \?/);
      // One answer: under the minimum, nothing but the rule.
      assert.match(text, /Moins de 5 réponses à cette question/);
    });
    await step('pilotage: families reached by the last news, questionnaires, the PDF for the CA', async () => {
      await page.goto('/pilotage');
      const block = page.getByRole('region', { name: 'Familles atteintes par la dernière actualité' });
      await block.waitFor();
      await block.getByRole('link', { name: 'Réunion de rentrée des 6e' }).waitFor();
      // Two families: under the minimum, no figure.
      await block.getByRole('rowheader', { name: 'Familles concernées' }).waitFor();
      assert.ok((await block.getByText('moins de 5').count()) >= 2);
      await block.getByRole('link', { name: 'Voir les accusés de lecture et les familles non touchées' }).waitFor();
      const participation = page.getByRole('region', { name: 'Participation aux questionnaires' });
      await participation.getByRole('rowheader', { name: /Sortie au musée d’Orsay/ }).waitFor();
      await noHorizontalScroll(page);
      await back.checkA11y('pilotage-reach');
      await back.screenshot('pilotage-reach');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Synthèse PDF pour le conseil d’administration' }).click(),
      ]);
      const path = await download.path();
      assert.ok(path);
      const { readFile } = await import('node:fs/promises');
      const { text, pages } = await readLetter(await readFile(path));
      assert.equal(pages.length, 1);
      assert.match(text, /Collège Les Tilleuls/);
      assert.match(text, /Réunion de rentrée des 6e/);
      await block.getByRole('link', { name: 'Voir les accusés de lecture et les familles non touchées' }).click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      assert.equal(await page.getByText('Page introuvable').count(), 0);
    });
  } finally {
    await back.context.close();
  }
  const reminders = await preau.db
    .selectFrom('notifications')
    .select('person_id')
    .where('kind', '=', 'questionnaire.reminder')
    .execute();
  assert.deepEqual(
    reminders.map((r) => r.person_id),
    [silent.id],
    'the 6B family only: not the one who answered, not the 4C family',
  );
  assert.ok(!reminders.some((r) => r.person_id === outside.id));
});
