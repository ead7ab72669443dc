import type { Executor, NewsReadTable, NewsTable } from '../db/types.ts';
import { newId } from '../lib/ids.ts';
import { bodyToText } from '../modules/messaging/messaging.sanitize.ts';
import * as repo from '../modules/news/news.repo.ts';
import type { Audience } from '../modules/news/news.schema.ts';
import { notify } from '../modules/notifications/notifications.service.ts';
import { Rng } from './random.ts';

// A tiny valid PDF, so that the sortie's form can be downloaded in the demo.
const FORM_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n' +
    '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
);

const RANK = { legal1: 0, legal2: 1, contact: 2 } as const;
const ALL: Audience = { publics: ['guardians', 'pupils'], siteIds: [], levels: [], classIds: [] };

/**
 * The demo college's news: the rentrée information (pinned), a strike notice asking families to confirm (about 60 %
 * have), a sortie form for the 5e with its authorisation to sign, and a note for staff only. Families' reads are
 * drawn from a seeded generator; the demo parent's own are left for them to do. Guardians without a phone number
 * get a made-up one from the range kept for fiction (06 39 98 xx xx), so the list of families to call has numbers.
 */
export async function seedNews(
  db: Executor,
  o: {
    schoolId: string;
    today: string;
    now: string;
    notable: { parent: string; secretary?: string; principal?: string; cpe?: string };
    /** The name the draws are seeded with (the demo college's by default). */
    seedName?: string;
  },
): Promise<{ news: number; newsReads: number }> {
  const rng = new Rng(`news:${o.seedName ?? 'college-le-parc'}`);
  const year = await db
    .selectFrom('school_years')
    .select('starts_on')
    .where('school_id', '=', o.schoolId)
    .where('starts_on', '<=', o.today)
    .where('ends_on', '>=', o.today)
    .executeTakeFirst();
  const rentreeAt = year ? `${year.starts_on}T06:00:00.000Z` : null;
  const base = Date.parse(o.now);
  const ago = (days: number, hour = 8) => {
    const d = new Date(base - days * 86_400_000);
    d.setUTCHours(hour - 1, 0, 0, 0);
    return d.toISOString();
  };
  const dayIn = (days: number) => new Date(base + days * 86_400_000).toISOString().slice(0, 10);
  const author = o.notable.secretary ?? o.notable.principal ?? null;
  const rows: NewsTable[] = [];
  const add = (n: {
    title: string;
    html: string;
    audience: Audience;
    author: string | null;
    publishAt: string;
    pinned?: boolean;
    ack?: boolean;
    expiresOn?: string | null;
  }) => {
    const row: NewsTable = {
      id: newId(),
      school_id: o.schoolId,
      author_id: n.author,
      title: n.title,
      body_html: n.html,
      body_text: bodyToText(n.html),
      audience: JSON.stringify(n.audience),
      pinned: n.pinned ? 1 : 0,
      ack_required: n.ack ? 1 : 0,
      publish_at: n.publishAt,
      expires_on: n.expiresOn ?? null,
      // Seeded news count as already announced: no notification storm on the first read.
      notified_at: n.publishAt,
      edited_at: null,
      reminded_at: null,
      created_at: n.publishAt,
      updated_at: n.publishAt,
    };
    rows.push(row);
    return row;
  };

  const rentree = add({
    title: 'Informations de rentrée',
    html:
      '<p>Bienvenue au collège Le Parc !</p><ul><li>Horaires : 8 h 25 – 16 h 30, le mercredi jusqu’à 12 h 20.</li>' +
      '<li>Le carnet de correspondance doit être signé avant la fin de la première semaine.</li>' +
      '<li>La cantine ouvre dès le premier jour : inscriptions au secrétariat.</li></ul>',
    audience: ALL,
    author: o.notable.principal ?? author,
    publishAt: rentreeAt && rentreeAt < o.now ? rentreeAt : ago(30),
    pinned: true,
  });
  const strike = add({
    title: 'Grève du jeudi : accueil des élèves',
    html:
      '<p>Madame, Monsieur,</p><p>En raison d’un mouvement de grève jeudi, certains cours ne seront pas assurés. ' +
      'Le collège restera ouvert et les élèves présents seront accueillis en salle d’étude.</p>' +
      '<p><strong>Merci de confirmer que vous avez pris connaissance de cette information.</strong></p>',
    audience: { publics: ['guardians'], siteIds: [], levels: [], classIds: [] },
    author,
    publishAt: ago(2, 17),
    ack: true,
    expiresOn: dayIn(7),
  });
  const sortie = add({
    title: 'Sortie des 5e au musée du Louvre : autorisation à signer',
    html:
      '<p>Une sortie au musée du Louvre est organisée pour les classes de 5e. Merci de rendre l’autorisation ci-jointe, ' +
      'signée, au professeur principal avant vendredi.</p>',
    audience: { publics: ['guardians', 'pupils'], siteIds: [], levels: ['5e'], classIds: [] },
    author: o.notable.cpe ?? author,
    publishAt: ago(5, 10),
    ack: true,
    expiresOn: dayIn(20),
  });
  add({
    title: 'Conseil pédagogique mardi à 17 h',
    html: '<p>Le conseil pédagogique se réunira mardi à 17 h en salle des professeurs. Ordre du jour : projets de l’année.</p>',
    audience: { publics: ['staff'], siteIds: [], levels: [], classIds: [] },
    author: o.notable.principal ?? author,
    publishAt: ago(1, 12),
  });
  for (const r of rows) await repo.insertNews(db, r);
  await repo.insertAttachment(db, {
    id: newId(),
    news_id: sortie.id,
    file_name: 'autorisation-sortie-louvre.pdf',
    content_type: 'application/pdf',
    size: FORM_PDF.length,
    sha256: '',
    data: FORM_PDF,
    created_by: sortie.author_id,
    created_at: sortie.publish_at,
  });

  // Families' reads, one draw per family and news: confirmed, only opened, or nothing.
  // Sorted by name, so that the draws fall on the same families on every run (ids are random).
  const byName = (a: { last_name: string; first_name: string }, b: { last_name: string; first_name: string }) =>
    a.last_name.localeCompare(b.last_name, 'fr') || a.first_name.localeCompare(b.first_name, 'fr');
  const pupils = (await repo.findPupilsOfSchool(db, o.schoolId, o.today)).sort(
    (a, b) => a.class_code.localeCompare(b.class_code) || byName(a, b),
  );
  const links = await repo.findGuardianLinks(
    db,
    o.schoolId,
    pupils.map((p) => p.id),
  );
  const byPupil = new Map<string, typeof links>();
  for (const l of links) byPupil.set(l.pupil_id, [...(byPupil.get(l.pupil_id) ?? []), l]);
  for (const list of byPupil.values())
    list.sort((a, b) => RANK[a.responsibility] - RANK[b.responsibility] || byName(a, b));
  const reads = new Map<string, NewsReadTable>();
  const read = (newsId: string, personId: string, at: string, confirm: boolean) => {
    if (personId === o.notable.parent) return;
    const key = `${newsId}:${personId}`;
    const r = reads.get(key);
    if (r) {
      if (confirm) r.confirmed_at ??= at;
    } else reads.set(key, { news_id: newsId, person_id: personId, opened_at: at, confirmed_at: confirm ? at : null });
  };
  const after = (publishAt: string, hours: number) => new Date(Date.parse(publishAt) + hours * 3_600_000).toISOString();
  const drawn = new Set<string>();
  for (const p of pupils) {
    const guardians = byPupil.get(p.id) ?? [];
    const first = guardians[0];
    if (!first) continue;
    const draw = (n: NewsTable, confirmed: number, opened: number) => {
      // One draw per guardian and news: brothers and sisters share their family's answer.
      const key = `${n.id}:${first.id}`;
      if (drawn.has(key)) return;
      drawn.add(key);
      const x = rng.next();
      const at = after(n.publish_at, 1 + Math.floor(rng.next() * 40));
      if (x < confirmed) read(n.id, first.id, at, true);
      else if (x < confirmed + opened) read(n.id, first.id, at, false);
    };
    draw(rentree, 0, 0.8);
    draw(strike, 0.6, 0.12);
    if (p.level === '5e') draw(sortie, 0.45, 0.2);
  }
  const readRows = [...reads.values()];
  for (let i = 0; i < readRows.length; i += 500) await repo.insertReads(db, readRows.slice(i, i + 500));

  // The demo parent is told about the strike, as every family was.
  await notify(db, {
    personIds: [o.notable.parent],
    schoolId: o.schoolId,
    kind: 'news.published',
    title: `À confirmer : ${strike.title}`,
    body: strike.body_text.slice(0, 240),
    link: `/actualites/${strike.id}`,
    message: { key: 'news.ackRequested', params: { title: strike.title, preview: strike.body_text.slice(0, 240) } },
  });

  // Phone numbers for the families to call (fiction range), where the directory has none.
  const seen = new Set<string>();
  const noPhone = pupils
    .flatMap((p) => byPupil.get(p.id) ?? [])
    .filter((l) => l.phone === null && !seen.has(l.id) && seen.add(l.id));
  for (const { id } of noPhone) {
    if (rng.next() < 0.1) continue;
    const n = String(Math.floor(rng.next() * 10_000)).padStart(4, '0');
    await db
      .updateTable('people')
      .set({ phone: `06 39 98 ${n.slice(0, 2)} ${n.slice(2)}` })
      .where('id', '=', id)
      .execute();
  }
  return { news: rows.length, newsReads: readRows.length };
}
