import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { makeClass, makeGuardian, makePupil, makeSchool, makeStaff, makeTeacher } from '../factories.ts';
import { launchBrowser, menuLink, openTab, type Preau, signInThroughApi, startPreau } from './helpers.ts';

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

async function college() {
  const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
  const c4a = await makeClass(preau.db, school, { code: '4A', level: '4e' });
  const lina = await makePupil(preau.db, school, { classId: c4a.id, firstName: 'Lina' });
  const noah = await makePupil(preau.db, school, { classId: c4a.id, firstName: 'Noah' });
  const parent = await makeGuardian(preau.db, { children: [{ id: lina.id, schoolId: school.id }] });
  const otherParent = await makeGuardian(preau.db, { children: [{ id: noah.id, schoolId: school.id }] });
  const teacher = await makeTeacher(preau.db, school, { classIds: [c4a.id] });
  const principal = await makeStaff(preau.db, school, ['principal']);
  return { school, c4a, lina, noah, parent, otherParent, teacher, principal };
}

const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';

test('[MESSAGERIE] a teacher writes to the guardians of a class; a payload shows as text', async () => {
  const w = await college();
  const tab = await openTab(browser, preau, { journey: 'messaging-teacher' });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, w.teacher.login, w.teacher.password);
    await step('message box from the menu', async () => {
      await page.goto('/');
      await (await menuLink(page, 'Messagerie')).click();
      await page.getByRole('heading', { level: 1, name: 'Messagerie' }).waitFor();
      await tab.checkA11y('message-box');
    });
    await step('write to the parents of 4A', async () => {
      await page.getByRole('link', { name: 'Nouveau message' }).click();
      await page.getByRole('heading', { level: 1, name: 'Nouveau message' }).waitFor();
      await page.getByRole('searchbox', { name: /Chercher un destinataire/ }).fill('parents 4A');
      await page.getByRole('button', { name: /Ajouter : Parents de la 4A/ }).click();
      await page.getByRole('list', { name: 'Destinataires choisis' }).getByText('Parents de la 4A').waitFor();
      await page.getByRole('textbox', { name: 'Objet' }).fill('Sortie au musée');
      await page.getByRole('textbox', { name: 'Message' }).fill(`Bonjour,\n\nLa sortie a lieu jeudi. ${XSS}`);
      await tab.checkA11y('compose');
      await page.getByRole('button', { name: 'Envoyer' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sortie au musée' }).waitFor();
    });
    await step('the payload is text', async () => {
      const body = page.locator('.message-body').first();
      assert.match(String(await body.textContent()), /<img src=x onerror="window.__xss=1"><script>/);
      assert.equal(await body.locator('img, script').count(), 0);
      assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
      await page.getByRole('button', { name: 'Qui l’a lu ?' }).click();
      await page.getByText('Lu par 0 sur 2').waitFor();
      await tab.checkA11y('conversation');
    });
    const copies = await preau.db.selectFrom('message_copies').select('person_id').execute();
    assert.deepEqual(copies.map((c) => c.person_id).sort(), [w.parent.id, w.otherParent.id].sort());
  } finally {
    await tab.context.close();
  }
});

test('[MESSAGERIE] a guardian reads and answers on a phone, with the keyboard', async () => {
  const w = await college();
  const teacherTab = await openTab(browser, preau, { journey: 'messaging-guardian-setup' });
  await signInThroughApi(teacherTab, w.teacher.login, w.teacher.password);
  const me = await (await teacherTab.context.request.get('/api/me')).json();
  const sent = await teacherTab.context.request.post('/api/messages', {
    headers: { 'x-csrf-token': me.csrfToken },
    data: {
      subject: 'Travail non rendu',
      body: '<p>Lina n’a pas rendu son devoir.</p>',
      recipients: [{ type: 'person', id: w.parent.id }],
    },
  });
  assert.equal(sent.status(), 201, await sent.text());
  await teacherTab.context.close();

  const tab = await openTab(browser, preau, { journey: 'messaging-guardian-phone', width: 360, height: 740 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, w.parent.login, w.parent.password);
    await step('home card', async () => {
      await page.goto('/');
      await page.getByText('1 message non lu').waitFor();
      await tab.checkA11y('home-phone');
    });
    await step('open with the keyboard', async () => {
      await page.getByRole('link', { name: 'Ouvrir la messagerie' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Messagerie' }).waitFor();
      await page.getByRole('link', { name: 'Travail non rendu' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Travail non rendu' }).waitFor();
      await tab.checkA11y('conversation-phone');
    });
    await step('answer with the keyboard', async () => {
      await page.getByRole('button', { name: 'Répondre', exact: true }).focus();
      await page.keyboard.press('Enter');
      const reply = page.getByRole('textbox', { name: 'Votre réponse' });
      await reply.focus();
      await page.keyboard.type('Bonjour, nous allons vérifier ce soir.');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.getByText('Bonjour, nous allons vérifier ce soir.').waitFor();
      await tab.checkA11y('answered-phone');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `no horizontal scroll on a phone (${width}px)`);
      await tab.screenshot('answered');
    });
    const replies = await preau.db
      .selectFrom('message_copies')
      .innerJoin('messages', 'messages.id', 'message_copies.message_id')
      .select(['message_copies.person_id', 'messages.subject'])
      .where('messages.sender_id', '=', w.parent.id)
      .execute();
    assert.deepEqual(replies, [{ person_id: w.teacher.id, subject: 'Re : Travail non rendu' }]);
  } finally {
    await tab.context.close();
  }
});

test('[MESSAGERIE] a pupil reports a message; the principal reads the report', async () => {
  const w = await college();
  const setup = await openTab(browser, preau, { journey: 'messaging-report-setup' });
  await signInThroughApi(setup, w.teacher.login, w.teacher.password);
  const me = await (await setup.context.request.get('/api/me')).json();
  const sent = await setup.context.request.post('/api/messages', {
    headers: { 'x-csrf-token': me.csrfToken },
    data: {
      subject: 'Message déplacé',
      body: '<p>Un texte déplacé.</p>',
      recipients: [{ type: 'person', id: w.lina.id }],
    },
  });
  assert.equal(sent.status(), 201, await sent.text());
  await setup.context.close();

  const tab = await openTab(browser, preau, { journey: 'messaging-report' });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, w.lina.login, w.lina.password);
    await step('report', async () => {
      await page.goto('/messagerie');
      await page.getByRole('link', { name: 'Message déplacé' }).click();
      await page.getByRole('button', { name: 'Signaler ce message' }).click();
      await page.getByRole('textbox', { name: /Pourquoi signalez-vous/ }).fill('Ce message me gêne.');
      await tab.checkA11y('report-form');
      await page.getByRole('button', { name: 'Signaler au chef d’établissement' }).click();
      await page.getByText('Message signalé : le chef d’établissement en est informé.').waitFor();
    });
  } finally {
    await tab.context.close();
  }
  const principalTab = await openTab(browser, preau, { journey: 'messaging-report-principal' });
  try {
    await signInThroughApi(principalTab, w.principal.login, w.principal.password);
    const p = principalTab.page;
    await principalTab.step('principal', async () => {
      await p.goto('/notifications');
      await p.getByRole('link', { name: 'Message signalé' }).click();
      await p.getByRole('heading', { level: 1, name: 'Messages signalés' }).waitFor();
      await p.getByRole('heading', { level: 2, name: 'Message déplacé' }).waitFor();
      await p.getByText('Ce message me gêne.').waitFor();
      await principalTab.checkA11y('reports');
      await p.getByRole('button', { name: 'Marquer comme traité' }).click();
      await p.getByText('Traité', { exact: true }).waitFor();
    });
  } finally {
    await principalTab.context.close();
  }
});

test('[MESSAGERIE] a teacher attaches a file; the parent downloads it, another family cannot', async () => {
  const w = await college();
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const tab = await openTab(browser, preau, { journey: 'messaging-attachment' });
  const { page, step } = tab;
  let href = '';
  const parent = await preau.db
    .selectFrom('people')
    .select(['first_name', 'last_name'])
    .where('id', '=', w.parent.id)
    .executeTakeFirstOrThrow();
  try {
    await signInThroughApi(tab, w.teacher.login, w.teacher.password);
    await step('write with a file, bold and a list', async () => {
      await page.goto('/messagerie/nouveau');
      await page.getByRole('heading', { level: 1, name: 'Nouveau message' }).waitFor();
      await page.getByRole('searchbox', { name: /Chercher un destinataire/ }).fill(parent.last_name);
      await page
        .getByRole('button', { name: new RegExp(`Ajouter : ${parent.first_name} ${parent.last_name}`) })
        .click();
      await page.getByRole('textbox', { name: 'Objet' }).fill('Autorisation de sortie');
      const body = page.getByRole('textbox', { name: 'Message' });
      await body.fill('Merci de signer le document.\n\n');
      await page.getByRole('toolbar', { name: 'Mise en forme' }).getByRole('button', { name: 'Gras' }).click();
      await page.getByLabel('Joindre un fichier').setInputFiles({
        name: 'autorisation.pdf',
        mimeType: 'application/pdf',
        buffer: pdf,
      });
      await page.getByText('autorisation.pdf').waitFor();
      await tab.checkA11y('compose-attachment');
      await page.getByRole('button', { name: 'Envoyer' }).click();
      await page.getByRole('heading', { level: 1, name: 'Autorisation de sortie' }).waitFor();
      assert.equal(await page.locator('.message-body strong').count(), 1, 'bold is rendered');
    });
  } finally {
    await tab.context.close();
  }

  const parentTab = await openTab(browser, preau, { journey: 'messaging-attachment-parent', width: 360, height: 740 });
  try {
    await signInThroughApi(parentTab, w.parent.login, w.parent.password);
    await parentTab.step('the parent downloads the file', async () => {
      await parentTab.page.goto('/messagerie');
      await parentTab.page.getByRole('link', { name: 'Autorisation de sortie' }).click();
      const link = parentTab.page.getByRole('link', { name: 'autorisation.pdf' });
      await link.waitFor();
      await parentTab.checkA11y('conversation-attachment');
      href = String(await link.getAttribute('href'));
      const res = await parentTab.context.request.get(href);
      assert.equal(res.status(), 200);
      assert.deepEqual(Buffer.from(await res.body()), pdf);
    });
  } finally {
    await parentTab.context.close();
  }

  const otherTab = await openTab(browser, preau, { journey: 'messaging-attachment-other' });
  try {
    await signInThroughApi(otherTab, w.otherParent.login, w.otherParent.password);
    const res = await otherTab.context.request.get(href);
    assert.equal(res.status(), 404, 'another family cannot download it');
  } finally {
    await otherTab.context.close();
  }
});

test('[MESSAGERIE] the principal suspends a taken-over account and recalls what it sent', async () => {
  const w = await college();
  const teacherTab = await openTab(browser, preau, { journey: 'messaging-freeze-setup' });
  await signInThroughApi(teacherTab, w.teacher.login, w.teacher.password);
  const me = await (await teacherTab.context.request.get('/api/me')).json();
  const sent = await teacherTab.context.request.post('/api/messages', {
    headers: { 'x-csrf-token': me.csrfToken },
    data: {
      subject: 'Lien frauduleux',
      body: '<p>Cliquez ici</p>',
      recipients: [{ type: 'group', key: `class-guardians:${w.c4a.id}` }],
    },
  });
  assert.equal(sent.status(), 201, await sent.text());
  await teacherTab.context.close();
  const teacher = await preau.db
    .selectFrom('people')
    .select(['first_name', 'last_name'])
    .where('id', '=', w.teacher.id)
    .executeTakeFirstOrThrow();
  const name = `${teacher.first_name} ${teacher.last_name}`;

  const tab = await openTab(browser, preau, { journey: 'messaging-freeze', width: 360, height: 740 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, w.principal.login, w.principal.password);
    await step('from the message box', async () => {
      await page.goto('/messagerie');
      await page.getByRole('link', { name: 'Comptes suspendus' }).click();
      await page.getByRole('heading', { level: 1, name: 'Comptes suspendus' }).waitFor();
      await tab.checkA11y('freeze-page');
    });
    await step('suspend and recall', async () => {
      await page.getByRole('searchbox', { name: 'Rechercher une personne' }).fill(teacher.last_name);
      await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
      await page.getByRole('button', { name: `Choisir ${name}` }).click();
      await page.getByText('Lien frauduleux').waitFor();
      await page.getByRole('button', { name: `Suspendre les envois de ${name}` }).click();
      await page.getByRole('button', { name: `Rétablir les envois de ${name}` }).waitFor();
      await page.getByRole('button', { name: 'Rappeler le message de cette période' }).click();
      await page.getByText('1 message rappelé.').waitFor();
      await tab.checkA11y('recalled');
    });
  } finally {
    await tab.context.close();
  }
  const parentTab = await openTab(browser, preau, { journey: 'messaging-freeze-parent' });
  try {
    await signInThroughApi(parentTab, w.parent.login, w.parent.password);
    const inbox = await (await parentTab.context.request.get('/api/messages')).json();
    assert.equal(inbox.items.length, 0, 'the recalled message is gone from the parent’s box');
  } finally {
    await parentTab.context.close();
  }
});
