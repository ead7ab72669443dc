import type { Executor } from '../db/types.ts';
import { newId } from '../lib/ids.ts';
import type { Audience } from '../modules/news/news.schema.ts';
import { audienceMembers } from '../modules/news/news.service.ts';
import type { Question } from '../modules/questionnaires/questionnaires.schema.ts';
import { TEMPLATES } from '../modules/questionnaires/questionnaires.templates.ts';
import { Rng } from './random.ts';

type Value = string | string[] | number;

/** Draws one plausible answer per question from the seeded generator, following the questions' conditions. */
function draw(rng: Rng, questions: readonly Question[], weights: Record<string, number[]>): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const q of questions) {
    if (q.showIf) {
      const v = out[q.showIf.questionId];
      if (!(v === q.showIf.optionId || (Array.isArray(v) && v.includes(q.showIf.optionId)))) continue;
    }
    if (!q.required && rng.chance(0.15)) continue;
    const w = weights[q.id];
    const weighted = (n: number) => {
      const ws = w ?? Array(n).fill(1);
      let r = rng.next() * ws.reduce((a, b) => a + b, 0);
      for (const [i, x] of ws.entries()) {
        r -= x;
        if (r < 0) return i;
      }
      return n - 1;
    };
    if (q.kind === 'single') out[q.id] = q.options[weighted(q.options.length)]?.id ?? '';
    else if (q.kind === 'multiple') {
      const picked = q.options.filter((_, i) => rng.chance((w?.[i] ?? 0.4) / 10));
      if (picked.length > 0) out[q.id] = picked.map((o) => o.id);
    } else if (q.kind === 'scale') out[q.id] = weighted(5) + 1;
    else if (rng.chance(0.5)) out[q.id] = rng.pick(TEXTS[q.id] ?? ['RAS']);
  }
  return out;
}

const TEXTS: Record<string, string[]> = {
  improve: [
    'Recevoir une notification quand une note est publiée.',
    'Le cahier de textes pourrait être plus lisible sur téléphone.',
    'Rien à signaler, merci.',
    'Pouvoir joindre des photos aux messages.',
    'Un mode sombre.',
    'Les menus sont parfois difficiles à trouver.',
  ],
  comment: ['Merci pour le prêt de tablettes l’an dernier.', 'Nous partageons un seul téléphone.', 'RAS'],
};

/**
 * The two questionnaires of the demo college: the families' equipment questionnaire the school ran at the rentrée
 * (named, closed, about 70 % of families answered) and the satisfaction questionnaire on the ENT (anonymous, open
 * for two more weeks, about a third answered; the demo sign-ins have not, so their home shows it).
 */
export async function seedQuestionnaires(
  db: Executor,
  o: { schoolId: string; today: string; now: string; author: string | null; keep: readonly string[] },
): Promise<{ questionnaires: number; questionnaireAnswers: number }> {
  const rng = new Rng('questionnaires:college-le-parc');
  const base = Date.parse(o.now);
  const dayIn = (days: number) => new Date(base + days * 86_400_000).toISOString().slice(0, 10);
  const at = (days: number) => new Date(base + days * 86_400_000).toISOString();
  let answers = 0;
  for (const t of TEMPLATES) {
    const equipment = t.key === 'equipment';
    const audience: Audience = { publics: t.audience.publics, siteIds: [], levels: [], classIds: [] };
    const id = newId();
    await db
      .insertInto('questionnaires')
      .values({
        id,
        school_id: o.schoolId,
        author_id: o.author,
        title: t.title,
        intro: t.intro,
        questions: JSON.stringify(t.questions),
        audience: JSON.stringify(audience),
        anonymous: t.anonymous ? 1 : 0,
        status: equipment ? 'closed' : 'published',
        opens_on: equipment ? dayIn(-90) : dayIn(-7),
        closes_on: equipment ? dayIn(-75) : dayIn(14),
        published_at: equipment ? at(-90) : at(-7),
        closed_at: equipment ? at(-75) : null,
        created_at: equipment ? at(-91) : at(-8),
        updated_at: equipment ? at(-75) : at(-7),
      })
      .execute();
    const members = (await audienceMembers(db, o.schoolId, audience, o.today)).filter((p) => !o.keep.includes(p));
    const weights: Record<string, number[]> = equipment
      ? {
          internet: [8, 3, 1],
          devices: [6, 3, 8, 0.3],
          shared: [6, 4],
          printer: [5, 5],
          email: [8, 2],
          emailHelp: [4, 6],
        }
      : { freq: [5, 4, 2, 0.3], overall: [0.5, 1, 3, 5, 3], ease: [0.5, 1, 2, 5, 4], services: [6, 7, 4, 5, 3, 5] };
    const marks: Array<{ questionnaire_id: string; person_id: string }> = [];
    const anonymous: Array<{ questionnaire_id: string; id: string; answers: string }> = [];
    const named: Array<{ questionnaire_id: string; person_id: string; answers: string; answered_at: string }> = [];
    for (const personId of members) {
      if (!rng.chance(equipment ? 0.7 : 0.33)) continue;
      const values = JSON.stringify(draw(rng, t.questions, weights));
      marks.push({ questionnaire_id: id, person_id: personId });
      if (t.anonymous) anonymous.push({ questionnaire_id: id, id: newId(), answers: values });
      else
        named.push({
          questionnaire_id: id,
          person_id: personId,
          answers: values,
          answered_at: at(-90 + rng.int(0, 14)),
        });
    }
    for (let i = 0; i < marks.length; i += 200) {
      await db
        .insertInto('questionnaire_marks')
        .values(marks.slice(i, i + 200))
        .execute();
    }
    for (let i = 0; i < anonymous.length; i += 200) {
      await db
        .insertInto('questionnaire_anonymous_answers')
        .values(anonymous.slice(i, i + 200))
        .execute();
    }
    for (let i = 0; i < named.length; i += 200) {
      await db
        .insertInto('questionnaire_named_answers')
        .values(named.slice(i, i + 200))
        .execute();
    }
    answers += marks.length;
  }
  return { questionnaires: TEMPLATES.length, questionnaireAnswers: answers };
}
