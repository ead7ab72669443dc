import type { Executor } from '../db/types.ts';
import { newId } from '../lib/ids.ts';
import { buildClassSnapshots } from '../modules/reportcards/reportcards.build.ts';
import * as repo from '../modules/reportcards/reportcards.repo.ts';
import { Rng } from './random.ts';

/**
 * Publishes the first trimester's report cards of every class of the school, as direction would after the class
 * councils (the snapshots are built by the same code as a real publication), and marks about half of the guardians
 * as having read them. The demo accounts' own report cards stay unread ("Nouveau").
 */
export async function seedReportCards(
  db: Executor,
  o: {
    schoolId: string;
    now: string;
    unreadLogins?: readonly string[] /** Trimester, 1 by default. */;
    period?: number;
  },
): Promise<Record<string, number>> {
  const period = await db
    .selectFrom('periods')
    .selectAll()
    .where('school_id', '=', o.schoolId)
    .where('kind', '=', 'trimestre')
    .where('number', '=', o.period ?? 1)
    .orderBy('starts_on', 'desc')
    .executeTakeFirst();
  if (!period) return { report_cards: 0, report_card_reads: 0 };
  const classes = await db
    .selectFrom('classes')
    .select('id')
    .where('school_year_id', '=', period.school_year_id)
    .orderBy('code')
    .execute();
  const publisher = await db
    .selectFrom('staff_functions')
    .select('person_id')
    .where('school_id', '=', o.schoolId)
    .where('function', '=', 'principal')
    .executeTakeFirst();
  const unread = new Set(
    (o.unreadLogins?.length
      ? await db
          .selectFrom('people')
          .select('id')
          .where('login', 'in', [...o.unreadLogins])
          .execute()
      : []
    ).map((p) => p.id),
  );
  const rng = new Rng(`report-cards:${o.schoolId}${(o.period ?? 1) === 1 ? '' : `:T${o.period}`}`);
  let cards = 0;
  let reads = 0;
  for (const c of classes) {
    const snapshots = await buildClassSnapshots(db, { classId: c.id, period, publishedAt: o.now });
    const rows = snapshots.map((s) => ({
      id: newId(),
      school_id: o.schoolId,
      period_id: period.id,
      class_id: c.id,
      pupil_id: s.pupil.id,
      snapshot: JSON.stringify(s),
      publish_at: o.now,
      published_by: publisher?.person_id ?? null,
      created_at: o.now,
      updated_at: o.now,
    }));
    await repo.upsertReportCards(db, rows, o.now);
    cards += rows.length;
    const guardians = await repo.findVisibleGuardians(
      db,
      rows.map((r) => r.pupil_id),
    );
    // Ids as stored (a card published before keeps its id).
    const cardOf = new Map(
      (await repo.findReportCardsOfClass(db, period.id, c.id)).map((r) => [r.pupil_id, r.id] as const),
    );
    for (const g of guardians) {
      const cardId = cardOf.get(g.pupil_id);
      if (!cardId || unread.has(g.id) || rng.next() >= 0.55) continue;
      await repo.markRead(db, cardId, g.id, o.now);
      reads++;
    }
  }
  return { report_cards: cards, report_card_reads: reads };
}
