import type { Executor } from '../db/types.ts';
import { type NotificationKind, notify } from '../modules/notifications/notifications.service.ts';

// Demo mail: a few demo sign-ins get an address (in the reserved .example domain), preferences of their own, and
// the parent a daily digest ready to go (items waiting for the digest hour). In development the mails are
// written as .eml files in the data folder (docs/mail.md), never sent.

const DEMO_DOMAIN = 'college-le-parc.example';

export async function seedMail(db: Executor, o: { schoolId: string; now: string }) {
  const people = await db
    .selectFrom('people')
    .select(['id', 'login'])
    .where('login', 'in', ['parent', 'professeur', 'cpe', 'eleve'])
    .execute();
  const id = (login: string) => people.find((p) => p.login === login)?.id;
  for (const p of people) {
    await db
      .updateTable('people')
      .set({ email: `${p.login}@${DEMO_DOMAIN}` })
      .where('id', '=', p.id)
      .execute();
  }
  const prefs: Array<[string | undefined, string, string]> = [
    [id('parent'), 'grades', 'immediate'],
    [id('parent'), 'news', 'never'],
    [id('professeur'), 'messaging', 'immediate'],
    [id('professeur'), 'homework', 'never'],
    [id('cpe'), 'absences', 'digest'],
  ];
  const rows = prefs.flatMap(([personId, category, mode]) =>
    personId ? [{ person_id: personId, category, mode, updated_at: o.now }] : [],
  );
  if (rows.length) await db.insertInto('mail_preferences').values(rows).execute();
  const parent = id('parent');
  if (parent) {
    await db
      .insertInto('mail_settings')
      .values({ person_id: parent, quiet_start: '21:30', quiet_end: '07:00', updated_at: o.now })
      .execute();
  }
  const professeur = id('professeur');
  if (professeur) {
    await db
      .insertInto('mail_settings')
      .values({ person_id: professeur, quiet_start: null, quiet_end: null, updated_at: o.now })
      .execute();
  }
  // The parent's digest: notifications in categories that wait for it (homework and messages by default).
  const child = await db
    .selectFrom('guardianships')
    .innerJoin('people', 'people.id', 'guardianships.pupil_id')
    .select(['people.first_name', 'people.last_name'])
    .where('guardianships.guardian_id', '=', parent ?? '')
    .orderBy('people.first_name')
    .executeTakeFirst();
  let digestItems = 0;
  if (parent && child) {
    const items: Array<[string, string, Record<string, string>]> = [
      [
        'homework.published',
        '/travail-a-faire',
        { subject: 'Mathématiques', dueDate: o.now.slice(0, 10), instructions: 'Exercices 4 et 5 page 112.' },
      ],
      [
        'homework.published',
        '/travail-a-faire',
        { subject: 'Français', dueDate: o.now.slice(0, 10), instructions: 'Lire le chapitre 3 du roman.' },
      ],
      ['message.received', '/messagerie', { sender: 'Mme Laurent', subject: 'Sortie au musée' }],
    ];
    for (const [key, link, params] of items) {
      await notify(db, {
        personIds: [parent],
        schoolId: o.schoolId,
        kind: key as NotificationKind,
        title:
          key === 'message.received' ? `Nouveau message de ${params.sender}` : `Travail à faire en ${params.subject}`,
        body: params.instructions ?? `« ${params.subject} »`,
        link,
        message: { key, params },
      });
    }
  }
  if (parent) {
    const waiting = await db
      .selectFrom('mail_queue')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('person_id', '=', parent)
      .where('status', '=', 'waiting_digest')
      .executeTakeFirst();
    digestItems = Number(waiting?.n ?? 0);
  }
  return { mailAddresses: people.length, mailDigestItems: digestItems };
}
