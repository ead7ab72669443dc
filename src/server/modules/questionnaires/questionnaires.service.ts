import type { Executor, QuestionnaireTable } from '../../db/types.ts';
import { recordAudit } from '../../lib/audit.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, belongsToSchool, schoolIdsOf } from '../../lib/policy.ts';
import { nextReminderAt, reminderClaimBefore, reminderTooSoon } from '../../lib/reminders.ts';
import { csvField } from '../attendance/attendance.followup.ts';
import * as newsRepo from '../news/news.repo.ts';
import type { Audience } from '../news/news.schema.ts';
import {
  audienceMembers,
  audienceOptionsOf,
  checkAudience,
  isAddressedTo,
  parseAudience,
  type ReaderView,
  readerViews,
} from '../news/news.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import { renderResultsPdf } from './questionnaires.pdf.ts';
import { canManageQuestionnaires, canRemind, editableFields, isDeletable, isOpen } from './questionnaires.policy.ts';
import * as repo from './questionnaires.repo.ts';
import {
  type Answers,
  type Question,
  type QuestionnaireCreateInput,
  type QuestionnaireOut,
  type QuestionnaireUpdateInput,
  QuestionSchema,
  type Results,
} from './questionnaires.schema.ts';
import { TEMPLATES } from './questionnaires.templates.ts';

/** Below this many answers, a count, an average or the free texts of a question are hidden. */
export const MINIMUM_COUNT = 5;

const invalid = (message: string, path: string, code = 'invalid') =>
  new AppError('VALIDATION_FAILED', message, { fields: [{ path, code }] });

type Row = QuestionnaireTable;

function parseQuestions(json: string): Question[] {
  try {
    const r = QuestionSchema.array().safeParse(JSON.parse(json));
    return r.success ? r.data : [];
  } catch {
    return [];
  }
}

// ------------------------------------------------------------------------------------------- questions and answers

/** Unique ids; choices with 2+ distinct options, others with none; a condition on an earlier choice's option. */
export function checkQuestions(questions: readonly Question[]): Question[] {
  const seen = new Map<string, Question>();
  for (const [i, q] of questions.entries()) {
    const path = `questions.${i}`;
    if (seen.has(q.id)) throw invalid('Each question id once', `${path}.id`, 'duplicate');
    const isChoice = q.kind === 'single' || q.kind === 'multiple';
    if (isChoice && q.options.length < 2) throw invalid('A choice needs two options', `${path}.options`, 'too_few');
    if (!isChoice && q.options.length > 0) throw invalid('Only choices have options', `${path}.options`, 'unexpected');
    if (new Set(q.options.map((o) => o.id)).size !== q.options.length) {
      throw invalid('Each option id once', `${path}.options`, 'duplicate');
    }
    if (q.showIf) {
      const on = seen.get(q.showIf.questionId);
      if (
        !on ||
        (on.kind !== 'single' && on.kind !== 'multiple') ||
        !on.options.some((o) => o.id === q.showIf?.optionId)
      ) {
        throw invalid('A condition names an earlier choice and one of its options', `${path}.showIf`, 'unknown');
      }
    }
    seen.set(q.id, q);
  }
  return [...questions];
}

type Value = string | string[] | number;

/** Whether a question is shown, given the answers so far (its condition, if any, holds). */
function isShown(q: Question, answers: Readonly<Record<string, Value>>): boolean {
  if (!q.showIf) return true;
  const v = answers[q.showIf.questionId];
  return v === q.showIf.optionId || (Array.isArray(v) && v.includes(q.showIf.optionId));
}

/**
 * The answers checked against the questions: each value of its question's kind, required ones present when shown;
 * answers to hidden questions and empty texts are dropped.
 */
export function checkAnswers(questions: readonly Question[], input: Answers): Record<string, Value> {
  const known = new Set(questions.map((q) => q.id));
  for (const id of Object.keys(input))
    if (!known.has(id)) throw invalid('Unknown question', `answers.${id}`, 'unknown');
  const out: Record<string, Value> = {};
  for (const q of questions) {
    const path = `answers.${q.id}`;
    const v = input[q.id];
    if (!isShown(q, out) || v === undefined) {
      if (isShown(q, out) && q.required) throw invalid('An answer is required', path, 'required');
      continue;
    }
    const optionIds = new Set(q.options.map((o) => o.id));
    if (q.kind === 'single') {
      if (typeof v !== 'string' || !optionIds.has(v)) throw invalid('Not one of the options', path);
      out[q.id] = v;
    } else if (q.kind === 'multiple') {
      if (!Array.isArray(v) || v.some((o) => !optionIds.has(o)) || new Set(v).size !== v.length) {
        throw invalid('Not among the options', path);
      }
      if (v.length === 0) {
        if (q.required) throw invalid('An answer is required', path, 'required');
        continue;
      }
      out[q.id] = q.options.map((o) => o.id).filter((id) => v.includes(id));
    } else if (q.kind === 'scale') {
      if (typeof v !== 'number') throw invalid('A number from 1 to 5', path);
      out[q.id] = v;
    } else {
      if (typeof v !== 'string') throw invalid('A text', path);
      const text = v.trim();
      if (text === '') {
        if (q.required) throw invalid('An answer is required', path, 'required');
        continue;
      }
      out[q.id] = text;
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------- results

const hide = (n: number): number | null => (n < MINIMUM_COUNT ? null : n);

/**
 * Counts per option, the scales' averages and the free texts, with the minimum-count rule: a count under 5 is
 * hidden; when a single choice or a scale has exactly one hidden count, the smallest shown one is hidden too (else
 * the total would give it away); a question answered fewer than 5 times shows nothing. Free texts of an anonymous
 * questionnaire come sorted alphabetically, never in the order they were given.
 */
export function aggregate(
  questions: readonly Question[],
  rows: ReadonlyArray<Record<string, Value>>,
  anonymous: boolean,
): Results['questions'] {
  return questions.map((q) => {
    const values = rows.map((r) => r[q.id]).filter((v): v is Value => v !== undefined);
    const n = values.length;
    const options =
      q.kind === 'scale'
        ? [1, 2, 3, 4, 5].map((k) => ({ id: String(k), label: String(k), raw: values.filter((v) => v === k).length }))
        : q.options.map((o) => ({
            id: o.id,
            label: o.label,
            raw: values.filter((v) => v === o.id || (Array.isArray(v) && v.includes(o.id))).length,
          }));
    const shown = n >= MINIMUM_COUNT;
    const counts = options.map((o) => (shown ? hide(o.raw) : null));
    if (shown && (q.kind === 'single' || q.kind === 'scale') && counts.filter((c) => c === null).length === 1) {
      let smallest = -1;
      for (const [i, c] of counts.entries()) {
        if (c !== null && (smallest < 0 || c < (counts[smallest] ?? Number.POSITIVE_INFINITY))) smallest = i;
      }
      if (smallest >= 0) counts[smallest] = null;
    }
    const scaleValues = values.filter((v): v is number => typeof v === 'number');
    const average =
      q.kind === 'scale' && shown && scaleValues.length > 0
        ? Math.round((scaleValues.reduce((a, b) => a + b, 0) / scaleValues.length) * 100) / 100
        : null;
    let texts = q.kind === 'text' && shown ? values.filter((v): v is string => typeof v === 'string') : [];
    if (anonymous) texts = [...texts].sort((a, b) => a.localeCompare(b, 'fr'));
    return {
      questionId: q.id,
      kind: q.kind,
      label: q.label,
      answered: hide(n),
      options: options.map((o, i) => ({ id: o.id, label: o.label, count: counts[i] ?? null })),
      average,
      texts,
    };
  });
}

// ------------------------------------------------------------------------------------------- presenting

async function namesFor(db: Executor, schoolIds: readonly string[], audiences: readonly Audience[]) {
  const sites = await newsRepo.findSitesOfSchools(db, schoolIds);
  const classes = await newsRepo.findClassesByIds(
    db,
    audiences.flatMap((a) => a.classIds),
  );
  return {
    sites: new Map(sites.map((s) => [s.id, { id: s.id, name: s.name }])),
    classes: new Map(classes.map((c) => [c.id, { id: c.id, code: c.code, label: c.label }])),
  };
}
type Names = Awaited<ReturnType<typeof namesFor>>;

function present(
  actor: Actor,
  row: Row,
  ctx: {
    names: Names;
    today: string;
    now: Date;
    answered: boolean;
    addressed: boolean;
    respondents: number | null;
  },
): QuestionnaireOut {
  const audience = parseAudience(row.audience);
  const open = isOpen(row, ctx.today);
  const manage = canManageQuestionnaires(actor, row.school_id);
  return {
    id: row.id,
    schoolId: row.school_id,
    title: row.title,
    intro: row.intro,
    questions: parseQuestions(row.questions),
    audience: {
      publics: audience.publics,
      sites: audience.siteIds.flatMap((id) => ctx.names.sites.get(id) ?? []),
      levels: audience.levels,
      classes: audience.classIds.flatMap((id) => ctx.names.classes.get(id) ?? []),
    },
    anonymous: row.anonymous === 1,
    status: row.status,
    opensOn: row.opens_on,
    closesOn: row.closes_on,
    open,
    answered: ctx.answered,
    respondents: ctx.respondents,
    remindedAt: manage ? row.reminded_at : null,
    nextReminderAt: manage ? nextReminderAt(row.reminded_at) : null,
    abilities: {
      manage,
      answer: ctx.addressed && open && !ctx.answered,
      edit: manage ? editableFields(row) : 'none',
      delete: manage && isDeletable(row),
      remind: manage && canRemind(row, ctx.today, ctx.now),
    },
  };
}

// ------------------------------------------------------------------------------------------- access

function assertManager(actor: Actor, schoolId: string) {
  if (canManageQuestionnaires(actor, schoolId)) return;
  // Another school's people may not learn that it exists.
  if (!belongsToSchool(actor, schoolId) || actor.isDeploymentAdmin) throw notFound('Questionnaire');
  throw new AppError('FORBIDDEN', 'You are not allowed to do this');
}

function addressed(row: Row, views: Map<string, ReaderView>): boolean {
  const v = views.get(row.school_id);
  return v !== undefined && isAddressedTo(parseAudience(row.audience), v);
}

/** The questionnaire, for its school's direction, or for those it is addressed to once published. */
async function see(db: Executor, actor: Actor, id: string, today: string) {
  const row = await repo.findQuestionnaire(db, id);
  if (!row || !schoolIdsOf(actor).includes(row.school_id)) throw notFound('Questionnaire');
  const views = await readerViews(db, actor, today);
  const isAddressed = row.status !== 'draft' && addressed(row, views);
  if (!canManageQuestionnaires(actor, row.school_id) && !isAddressed) throw notFound('Questionnaire');
  return { row, isAddressed };
}

async function manageable(db: Executor, actor: Actor, id: string) {
  const row = await repo.findQuestionnaire(db, id);
  if (!row) throw notFound('Questionnaire');
  assertManager(actor, row.school_id);
  return row;
}

// ------------------------------------------------------------------------------------------- the direction

export function listTemplates(actor: Actor, schoolId: string) {
  assertManager(actor, schoolId);
  return { items: TEMPLATES.map((t) => ({ ...t, questions: t.questions.map((q) => ({ ...q })) })) };
}

export async function listForSchool(db: Executor, actor: Actor, schoolId: string, now: Date = new Date()) {
  assertManager(actor, schoolId);
  const rows = await repo.findQuestionnairesOfSchool(db, schoolId);
  const names = await namesFor(
    db,
    [schoolId],
    rows.map((r) => parseAudience(r.audience)),
  );
  const counts = await repo.countMarks(
    db,
    rows.map((r) => r.id),
  );
  const today = todayInParis(now);
  return {
    items: rows.map((r) =>
      present(actor, r, {
        names,
        today,
        now,
        answered: false,
        addressed: false,
        respondents: counts.get(r.id) ?? 0,
      }),
    ),
  };
}

/** Creates a draft; it reaches nobody until published. */
export async function createQuestionnaire(
  db: Executor,
  actor: Actor,
  input: QuestionnaireCreateInput,
  now: Date = new Date(),
) {
  assertManager(actor, input.schoolId);
  const questions = checkQuestions(input.questions);
  const audience = await checkAudience(db, input.schoolId, input.audience, now);
  if (input.closesOn < input.opensOn) throw invalid('It would close before it opens', 'closesOn', 'before_opening');
  const at = now.toISOString();
  const row: Row = {
    id: newId(),
    school_id: input.schoolId,
    author_id: actor.personId,
    title: input.title,
    intro: input.intro,
    questions: JSON.stringify(questions),
    audience: JSON.stringify(audience),
    anonymous: input.anonymous ? 1 : 0,
    status: 'draft',
    opens_on: input.opensOn,
    closes_on: input.closesOn,
    published_at: null,
    closed_at: null,
    created_at: at,
    updated_at: at,
    reminded_at: null,
  };
  await db.transaction().execute(async (trx) => {
    await repo.insertQuestionnaire(trx, row);
    await recordAudit(trx, {
      schoolId: row.school_id,
      actorPersonId: actor.personId,
      action: 'questionnaire.create',
      details: { questionnaireId: row.id, anonymous: input.anonymous, publics: audience.publics },
    });
  });
  return getQuestionnaire(db, actor, row.id, now);
}

/** Draft → published, published → closed; anything else is a conflict. */
export async function setStatus(db: Executor, actor: Actor, id: string, to: 'published' | 'closed', now = new Date()) {
  const row = await manageable(db, actor, id);
  const from = to === 'published' ? 'draft' : 'published';
  if (to === 'published' && row.closes_on < todayInParis(now)) {
    throw invalid('Its closing date has passed', 'closesOn', 'past');
  }
  const done = await db.transaction().execute(async (trx) => {
    const ok = await repo.setStatus(trx, id, from, to, now.toISOString());
    if (ok) {
      await recordAudit(trx, {
        schoolId: row.school_id,
        actorPersonId: actor.personId,
        action: to === 'published' ? 'questionnaire.publish' : 'questionnaire.close',
        details: { questionnaireId: id },
      });
      // Its audience learns it is there, as readers of a news do (in the same transaction as the publication).
      if (to === 'published') {
        const audience = await audienceMembers(trx, row.school_id, parseAudience(row.audience), todayInParis(now));
        await notify(trx, {
          personIds: audience.filter((p) => p !== actor.personId),
          schoolId: row.school_id,
          kind: 'questionnaire.published',
          title: `Nouveau questionnaire : ${row.title}`,
          body: `Vous pouvez y répondre jusqu’au ${row.closes_on}.`,
          link: `/questionnaires/${id}`,
          message: { key: 'questionnaire.published', params: { title: row.title, closesDate: row.closes_on } },
        });
      }
    }
    return ok;
  });
  if (!done) throw new AppError('CONFLICT', `Only a ${from} questionnaire can be ${to}`);
  return getQuestionnaire(db, actor, id, now);
}

/** The school's sites, levels and classes, for the direction choosing a questionnaire's audience. */
export async function getAudienceOptions(db: Executor, actor: Actor, schoolId: string, now: Date = new Date()) {
  assertManager(actor, schoolId);
  return audienceOptionsOf(db, schoolId, now);
}

const frozen = (status: string, fields: string[]) =>
  new AppError('QUESTIONNAIRE_FROZEN', 'Once published, only the closing date of a questionnaire can change', {
    status,
    fields,
  });

/**
 * Changes a questionnaire. A draft: anything (questions, audience, anonymity and dates checked as at creation). A
 * published one: only `closesOn`, later than it was and not in the past — anything else is `QUESTIONNAIRE_FROZEN`,
 * since answers may already have been given to those questions, by that audience, under that promise of anonymity.
 * A closed one: nothing.
 */
export async function updateQuestionnaire(
  db: Executor,
  actor: Actor,
  id: string,
  input: QuestionnaireUpdateInput,
  now: Date = new Date(),
) {
  const row = await manageable(db, actor, id);
  const at = now.toISOString();
  const today = todayInParis(now);
  const given = Object.keys(input).filter((k) => input[k as keyof QuestionnaireUpdateInput] !== undefined);
  if (row.status !== 'draft') {
    const others = given.filter((k) => k !== 'closesOn');
    if (row.status === 'closed' || others.length > 0) throw frozen(row.status, others.length > 0 ? others : given);
    const closesOn = input.closesOn;
    if (closesOn === undefined) throw frozen(row.status, given);
    if (closesOn < row.closes_on)
      throw invalid('A published questionnaire closes later, not earlier', 'closesOn', 'earlier');
    if (closesOn < today) throw invalid('Its closing date has passed', 'closesOn', 'past');
    const ok = await db.transaction().execute(async (trx) => {
      if (!(await repo.setClosesOn(trx, id, closesOn, at))) return false;
      await recordAudit(trx, {
        schoolId: row.school_id,
        actorPersonId: actor.personId,
        action: 'questionnaire.extend',
        details: { questionnaireId: id, from: row.closes_on, to: closesOn },
      });
      return true;
    });
    if (!ok) throw frozen('closed', given);
    return getQuestionnaire(db, actor, id, now);
  }
  const patch: Parameters<typeof repo.updateDraft>[2] = {};
  if (input.title !== undefined) patch.title = input.title;
  if (input.intro !== undefined) patch.intro = input.intro;
  if (input.questions !== undefined) patch.questions = JSON.stringify(checkQuestions(input.questions));
  if (input.audience !== undefined) {
    patch.audience = JSON.stringify(await checkAudience(db, row.school_id, input.audience, now));
  }
  if (input.anonymous !== undefined) patch.anonymous = input.anonymous ? 1 : 0;
  if (input.opensOn !== undefined) patch.opens_on = input.opensOn;
  if (input.closesOn !== undefined) patch.closes_on = input.closesOn;
  if ((patch.closes_on ?? row.closes_on) < (patch.opens_on ?? row.opens_on)) {
    throw invalid('It would close before it opens', 'closesOn', 'before_opening');
  }
  const ok = await db.transaction().execute(async (trx) => {
    if (!(await repo.updateDraft(trx, id, patch, at))) return false;
    await recordAudit(trx, {
      schoolId: row.school_id,
      actorPersonId: actor.personId,
      action: 'questionnaire.update',
      details: { questionnaireId: id, fields: given },
    });
    return true;
  });
  // Published (or deleted) between the read and the write.
  if (!ok) throw frozen('published', given);
  return getQuestionnaire(db, actor, id, now);
}

/** Deletes a draft; a published or closed questionnaire is kept (QUESTIONNAIRE_FROZEN). */
export async function deleteQuestionnaire(db: Executor, actor: Actor, id: string) {
  const row = await manageable(db, actor, id);
  if (!isDeletable(row)) throw frozen(row.status, []);
  const ok = await db.transaction().execute(async (trx) => {
    if (!(await repo.deleteDraft(trx, id))) return false;
    await recordAudit(trx, {
      schoolId: row.school_id,
      actorPersonId: actor.personId,
      action: 'questionnaire.delete',
      details: { questionnaireId: id, title: row.title },
    });
    return true;
  });
  if (!ok) throw frozen('published', []);
  return { ok: true as const };
}

/**
 * Reminds those of the audience who have not answered: the audience resolved against the directory today, minus the
 * people holding a "has answered" mark (the marks only: an anonymous questionnaire's answers name nobody and are not
 * read), minus the one who sends it. The sender learns how many were reminded, never who. One reminder per 24
 * hours per questionnaire, claimed by a conditional update (two at once send once): `REMINDER_TOO_SOON` otherwise.
 */
export async function sendReminder(db: Executor, actor: Actor, id: string, now: Date = new Date()) {
  const row = await manageable(db, actor, id);
  const today = todayInParis(now);
  if (!isOpen(row, today)) throw new AppError('QUESTIONNAIRE_CLOSED', 'This questionnaire is not open for answers');
  const tooSoon = (remindedAt: string | null) => reminderTooSoon(remindedAt, now);
  if (!canRemind(row, today, now)) throw tooSoon(row.reminded_at);
  const at = now.toISOString();
  const notAfter = reminderClaimBefore(now);
  const reminded = await db.transaction().execute(async (trx) => {
    if (!(await repo.claimReminder(trx, id, at, notAfter))) return null;
    const audience = await audienceMembers(trx, row.school_id, parseAudience(row.audience), today);
    const marked = await repo.findMarked(trx, id, audience);
    const people = audience.filter((p) => !marked.has(p) && p !== actor.personId);
    await notify(trx, {
      personIds: people,
      schoolId: row.school_id,
      kind: 'questionnaire.reminder',
      title: `Questionnaire à remplir : ${row.title}`,
      body: `Vous n’avez pas encore répondu. Vous pouvez le faire jusqu’au ${row.closes_on}.`,
      link: `/questionnaires/${id}`,
      message: { key: 'questionnaire.reminder', params: { title: row.title, closesDate: row.closes_on } },
    });
    await recordAudit(trx, {
      schoolId: row.school_id,
      actorPersonId: actor.personId,
      action: 'questionnaire.remind',
      details: { questionnaireId: id, reminded: people.length },
    });
    return people.length;
  });
  // Another reminder went first, between the read and the claim.
  if (reminded === null) throw tooSoon((await repo.findQuestionnaire(db, id))?.reminded_at ?? at);
  return {
    reminded,
    remindedAt: at,
    nextReminderAt: nextReminderAt(at)!,
  };
}

async function answerRows(db: Executor, row: Row): Promise<Array<Record<string, Value>>> {
  const raw =
    row.anonymous === 1 ? await repo.findAnonymousAnswers(db, row.id) : await repo.findNamedAnswers(db, row.id);
  return raw.map((r) => {
    try {
      return JSON.parse(r.answers) as Record<string, Value>;
    } catch {
      return {};
    }
  });
}

export async function getResults(db: Executor, actor: Actor, id: string, now: Date = new Date()): Promise<Results> {
  const row = await manageable(db, actor, id);
  const questions = parseQuestions(row.questions);
  const rows = await answerRows(db, row);
  const questionnaire = await getQuestionnaire(db, actor, id, now);
  return {
    questionnaire,
    minimumCount: MINIMUM_COUNT,
    respondents: questionnaire.respondents ?? 0,
    questions: aggregate(questions, rows, row.anonymous === 1),
  };
}

const labelOf = (q: Question, v: Value | undefined): string => {
  if (v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map((id) => q.options.find((o) => o.id === id)?.label ?? id).join(', ');
  return q.kind === 'single' ? (q.options.find((o) => o.id === v)?.label ?? v) : v;
};

/**
 * The results as CSV for Excel (';', UTF-8 with a BOM, CRLF, formula-looking cells neutralised): for an anonymous
 * questionnaire the aggregated table, with the same hidden cells as the page; for a named one, one line per person.
 */
export async function getResultsCsv(db: Executor, actor: Actor, id: string, now: Date = new Date()) {
  const row = await manageable(db, actor, id);
  const questions = parseQuestions(row.questions);
  const lines: string[] = [];
  const line = (cells: Array<string | number | null>) => lines.push(cells.map(csvField).join(';'));
  if (row.anonymous === 1) {
    const results = aggregate(questions, await answerRows(db, row), true);
    line(['Question', 'Réponse', 'Nombre']);
    for (const r of results) {
      const hidden = `moins de ${MINIMUM_COUNT}`;
      line([r.label, 'Réponses', r.answered ?? hidden]);
      for (const o of r.options) line([r.label, o.label, o.count ?? hidden]);
      if (r.kind === 'scale') line([r.label, 'Moyenne', r.average === null ? '' : r.average.toFixed(2)]);
      for (const text of r.texts) line([r.label, text, '']);
    }
  } else {
    const answers = await repo.findNamedAnswers(db, row.id);
    line(['Nom', 'Prénom', 'Répondu le', ...questions.map((q) => q.label)]);
    for (const a of answers) {
      let values: Record<string, Value> = {};
      try {
        values = JSON.parse(a.answers) as Record<string, Value>;
      } catch {}
      line([a.last_name, a.first_name, a.answered_at.slice(0, 10), ...questions.map((q) => labelOf(q, values[q.id]))]);
    }
  }
  return {
    fileName: `questionnaire-${todayInParis(now)}.csv`,
    body: `\uFEFF${lines.join('\r\n')}\r\n`,
  };
}

/** The results as a PDF: the page's figures (same aggregate, same hidden counts), one table per question. */
export async function getResultsPdf(db: Executor, actor: Actor, id: string, now: Date = new Date()) {
  const results = await getResults(db, actor, id, now);
  const q = results.questionnaire;
  const body = await renderResultsPdf({
    schoolName: await repo.findSchoolName(db, q.schoolId),
    title: q.title,
    anonymous: q.anonymous,
    opensOn: q.opensOn,
    closesOn: q.closesOn,
    respondents: results.respondents,
    minimumCount: results.minimumCount,
    questions: results.questions,
    now,
  });
  return { fileName: `questionnaire-${todayInParis(now)}.pdf`, body };
}

// ------------------------------------------------------------------------------------------- respondents

export async function getQuestionnaire(db: Executor, actor: Actor, id: string, now: Date = new Date()) {
  const today = todayInParis(now);
  const { row, isAddressed } = await see(db, actor, id, today);
  const answered = (await repo.findAnsweredBy(db, actor.personId, [row.id])).has(row.id);
  const names = await namesFor(db, [row.school_id], [parseAudience(row.audience)]);
  const respondents = canManageQuestionnaires(actor, row.school_id)
    ? ((await repo.countMarks(db, [row.id])).get(row.id) ?? 0)
    : null;
  return present(actor, row, { names, today, now, answered, addressed: isAddressed, respondents });
}

/** The open questionnaires addressed to the caller in any of their schools, those still to answer first. */
export async function listMine(db: Executor, actor: Actor, now: Date = new Date()) {
  const today = todayInParis(now);
  const rows = await repo.findOpenInSchools(db, schoolIdsOf(actor), today);
  const views = await readerViews(db, actor, today);
  const mine = rows.filter((r) => addressed(r, views));
  const answered = await repo.findAnsweredBy(
    db,
    actor.personId,
    mine.map((r) => r.id),
  );
  const names = await namesFor(
    db,
    [...new Set(mine.map((r) => r.school_id))],
    mine.map((r) => parseAudience(r.audience)),
  );
  const items = mine.map((r) =>
    present(actor, r, { names, today, now, answered: answered.has(r.id), addressed: true, respondents: null }),
  );
  items.sort((a, b) => Number(a.answered) - Number(b.answered));
  return { items, toAnswer: items.filter((i) => !i.answered).length };
}

/**
 * Records one person's answers, once: the mark first (its key refuses a second answer), then the answers — for an
 * anonymous questionnaire in the table that names nobody, under a random id and without a time.
 */
export async function answer(db: Executor, actor: Actor, id: string, input: Answers, now: Date = new Date()) {
  const today = todayInParis(now);
  const { row, isAddressed } = await see(db, actor, id, today);
  if (!isAddressed) throw notFound('Questionnaire');
  if (!isOpen(row, today)) throw new AppError('QUESTIONNAIRE_CLOSED', 'This questionnaire is not open for answers');
  const answers = checkAnswers(parseQuestions(row.questions), input);
  await db.transaction().execute(async (trx) => {
    if (!(await repo.insertMark(trx, row.id, actor.personId))) {
      throw new AppError('ALREADY_ANSWERED', 'You have already answered this questionnaire');
    }
    if (row.anonymous === 1) {
      await repo.insertAnonymousAnswers(trx, {
        questionnaire_id: row.id,
        id: newId(),
        answers: JSON.stringify(answers),
      });
    } else {
      await repo.insertNamedAnswers(trx, {
        questionnaire_id: row.id,
        person_id: actor.personId,
        answers: JSON.stringify(answers),
        answered_at: now.toISOString(),
      });
    }
  });
  return { ok: true as const };
}

// ------------------------------------------------------------------------------------------- participation

/**
 * For the pilotage dashboard and its PDF: the questionnaires run in [from, to], each with how many answered and the
 * size of its audience as the directory resolves it today (raw counts: the caller applies the minimum-count rule).
 * Reads the "has answered" marks only, never the answers.
 */
export async function findParticipation(db: Executor, schoolId: string, from: string, to: string, now = new Date()) {
  const rows = await repo.findRunInRange(db, schoolId, from, to);
  const counts = await repo.countMarks(
    db,
    rows.map((r) => r.id),
  );
  const today = todayInParis(now);
  const out = [];
  for (const r of rows) {
    const audience = await audienceMembers(db, schoolId, parseAudience(r.audience), today);
    out.push({
      id: r.id,
      title: r.title,
      anonymous: r.anonymous === 1,
      open: r.status === 'published' && r.opens_on <= today && r.closes_on >= today,
      opensOn: r.opens_on,
      closesOn: r.closes_on,
      respondents: counts.get(r.id) ?? 0,
      audience: audience.length,
    });
  }
  return out;
}
