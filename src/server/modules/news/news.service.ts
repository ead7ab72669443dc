import { createHash } from 'node:crypto';
import type { Executor } from '../../db/types.ts';
import { recordAudit } from '../../lib/audit.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { cleanFileName } from '../../lib/file-names.ts';
import { matchesType } from '../../lib/file-types.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, canPublishNews, canReadNews, hasProfile, schoolIdsOf } from '../../lib/policy.ts';
import { nextReminderAt, reminderClaimBefore, reminderTooSoon } from '../../lib/reminders.ts';
import { csvField } from '../attendance/attendance.followup.ts';
import * as directoryRepo from '../directory/directory.repo.ts';
import { ATTACHMENT_TYPES } from '../homework/homework.schema.ts';
import { bodyToText, sanitizeBody } from '../messaging/messaging.sanitize.ts';
import { notify } from '../notifications/notifications.service.ts';
import { canManageNews, canSeeReceipts, isStaffReader } from './news.policy.ts';
import type { AttachmentMeta, NewsRow } from './news.repo.ts';
import * as repo from './news.repo.ts';
import {
  type Audience,
  AudienceSchema,
  MAX_NEWS_ATTACHMENTS,
  type NewsCreateInput,
  type NewsSummary,
  type NewsUpdateInput,
  type Receipts,
} from './news.schema.ts';

const invalid = (message: string, path: string, code = 'invalid') =>
  new AppError('VALIDATION_FAILED', message, { fields: [{ path, code }] });

// ------------------------------------------------------------------------------------------- audience

/** Where a pupil is: what an audience's filters are matched against. */
interface Place {
  classId: string | null;
  level: string | null;
  siteId: string | null;
}

/** How one person stands in one school, for reading its news. */
export interface ReaderView {
  staff: boolean;
  publisher: boolean;
  /** The reader themself, when a pupil there. */
  self: Place | null;
  /** The children whose school information the reader's links open (never a court-restricted one). */
  children: Place[];
}

const EMPTY: Audience = { publics: [], siteIds: [], levels: [], classIds: [] };

/** The stored audience (JSON); an unreadable one addresses nobody. Shared with questionnaires. */
export function parseAudience(json: string): Audience {
  try {
    const r = AudienceSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : EMPTY;
  } catch {
    return EMPTY;
  }
}

const hasFilter = (a: Audience) => a.siteIds.length + a.levels.length + a.classIds.length > 0;

/** Whether a pupil at `p` is among the pupils an audience is about: all of them, or those of a site, level or class. */
export function concernsPupil(a: Audience, p: Place): boolean {
  if (!hasFilter(a)) return true;
  return (
    (p.classId !== null && a.classIds.includes(p.classId)) ||
    (p.level !== null && a.levels.includes(p.level)) ||
    (p.siteId !== null && a.siteIds.includes(p.siteId))
  );
}

export function isAddressedTo(a: Audience, v: ReaderView): boolean {
  return (
    (a.publics.includes('staff') && v.staff) ||
    (a.publics.includes('pupils') && v.self !== null && concernsPupil(a, v.self)) ||
    (a.publics.includes('guardians') && v.children.some((c) => concernsPupil(a, c)))
  );
}

/** The reader's standing in each of their schools, read from the directory now (not from the news). */
export async function readerViews(db: Executor, actor: Actor, day: string): Promise<Map<string, ReaderView>> {
  const views = new Map<string, ReaderView>();
  for (const schoolId of schoolIdsOf(actor)) {
    if (!canReadNews(actor, schoolId)) continue;
    views.set(schoolId, {
      staff: isStaffReader(actor, schoolId),
      publisher: canPublishNews(actor, schoolId),
      self: hasProfile(actor, schoolId, 'pupil') ? { classId: null, level: null, siteId: null } : null,
      children: [],
    });
  }
  if (actor.profiles.some((p) => p.kind === 'pupil')) {
    for (const c of await directoryRepo.findClassesOfPupils(db, [actor.personId], day)) {
      const v = views.get(c.school_id);
      if (v?.self) v.self = { classId: c.class_id, level: c.level, siteId: c.site_id };
    }
  }
  if (actor.profiles.some((p) => p.kind === 'guardian')) {
    for (const c of await directoryRepo.findChildrenOfGuardian(db, actor.personId, day)) {
      const v = views.get(c.school_id);
      if (!v || !hasProfile(actor, c.school_id, 'guardian') || c.id === actor.personId) continue;
      v.children.push({ classId: c.class_id, level: c.class_level, siteId: c.site_id });
    }
  }
  return views;
}

type Status = 'scheduled' | 'published' | 'expired';
function statusOf(n: { publish_at: string; expires_on: string | null }, now: Date): Status {
  if (n.publish_at > now.toISOString()) return 'scheduled';
  if (n.expires_on !== null && n.expires_on < todayInParis(now)) return 'expired';
  return 'published';
}

interface Seen {
  row: NewsRow;
  audience: Audience;
  status: Status;
  addressed: boolean;
}

/** What the reader may see of a news: readers the published news addressed to them; publishers all of the school. */
function see(row: NewsRow, views: Map<string, ReaderView>, now: Date): Seen | null {
  const v = views.get(row.school_id);
  if (!v) return null;
  const audience = parseAudience(row.audience);
  const status = statusOf(row, now);
  const addressed = isAddressedTo(audience, v);
  if (!(v.publisher || (addressed && status === 'published'))) return null;
  return { row, audience, status, addressed };
}

// ------------------------------------------------------------------------------------------- presenting

interface Names {
  sites: Map<string, { id: string; name: string }>;
  classes: Map<string, { id: string; code: string; label: string }>;
}

async function namesFor(db: Executor, schoolIds: readonly string[], audiences: readonly Audience[]): Promise<Names> {
  const sites = await repo.findSitesOfSchools(db, schoolIds);
  const classes = await repo.findClassesByIds(
    db,
    audiences.flatMap((a) => a.classIds),
  );
  return {
    sites: new Map(sites.map((s) => [s.id, { id: s.id, name: s.name }])),
    classes: new Map(classes.map((c) => [c.id, { id: c.id, code: c.code, label: c.label }])),
  };
}

const previewOf = (text: string) => (text.length > 240 ? `${text.slice(0, 239)}…` : text);

function presentSummary(
  actor: Actor,
  s: Seen,
  names: Names,
  read: { opened_at: string; confirmed_at: string | null } | undefined,
  attachmentCount: number,
): NewsSummary {
  const n = s.row;
  return {
    id: n.id,
    schoolId: n.school_id,
    title: n.title,
    preview: previewOf(n.body_text),
    author:
      n.author_id && n.author_first_name !== null
        ? { id: n.author_id, firstName: n.author_first_name, lastName: n.author_last_name ?? '' }
        : null,
    audience: {
      publics: s.audience.publics,
      sites: s.audience.siteIds.flatMap((id) => names.sites.get(id) ?? []),
      levels: s.audience.levels,
      classes: s.audience.classIds.flatMap((id) => names.classes.get(id) ?? []),
    },
    pinned: n.pinned === 1,
    ackRequired: n.ack_required === 1,
    publishAt: n.publish_at,
    expiresOn: n.expires_on,
    status: s.status,
    addressed: s.addressed,
    openedAt: read?.opened_at ?? null,
    confirmedAt: read?.confirmed_at ?? null,
    attachmentCount,
    editedAt: n.edited_at,
    remindedAt: canSeeReceipts(actor, n) ? n.reminded_at : null,
    abilities: {
      receipts: canSeeReceipts(actor, n),
      delete: canManageNews(actor, n),
      edit: canManageNews(actor, n) && s.status !== 'expired',
    },
  };
}

/** Still to read: addressed, published, and not opened (or not confirmed when confirmation is asked). */
const isToRead = (n: NewsSummary) =>
  n.addressed && n.status === 'published' && (n.openedAt === null || (n.ackRequired && n.confirmedAt === null));

const presentAttachment = (a: AttachmentMeta) => ({
  id: a.id,
  fileName: a.file_name,
  contentType: a.content_type,
  size: a.size,
});

// ------------------------------------------------------------------------------------------- notifying

/** Everyone a news (or a questionnaire) is addressed to in its school, resolved against the directory on `day`. */
export async function audienceMembers(db: Executor, schoolId: string, a: Audience, day: string): Promise<string[]> {
  const ids: string[] = [];
  if (a.publics.includes('staff')) ids.push(...(await repo.findStaffOfSchool(db, schoolId)));
  if (a.publics.includes('pupils') || a.publics.includes('guardians')) {
    const pupils = (await repo.findPupilsOfSchool(db, schoolId, day)).filter((p) =>
      concernsPupil(a, { classId: p.class_id, level: p.level, siteId: p.site_id }),
    );
    if (a.publics.includes('pupils')) ids.push(...pupils.map((p) => p.id));
    if (a.publics.includes('guardians')) {
      const links = await repo.findGuardianLinks(
        db,
        schoolId,
        pupils.map((p) => p.id),
      );
      ids.push(...links.map((l) => l.id));
    }
  }
  return [...new Set(ids)];
}

async function notifyReaders(
  db: Executor,
  n: {
    id: string;
    school_id: string;
    author_id: string | null;
    title: string;
    body_text: string;
    ack_required: number;
    audience: string;
  },
  now: Date,
  only?: readonly string[],
  key: 'news.published' | 'news.updated' = 'news.published',
) {
  const people =
    only ??
    (await audienceMembers(db, n.school_id, parseAudience(n.audience), todayInParis(now))).filter(
      (id) => id !== n.author_id,
    );
  if (people.length === 0) return;
  const ack = n.ack_required === 1;
  const preview = previewOf(n.body_text);
  const updated = key === 'news.updated';
  await notify(db, {
    personIds: people,
    schoolId: n.school_id,
    kind: 'news.published',
    title: updated ? `Actualité modifiée : ${n.title}` : ack ? `À confirmer : ${n.title}` : `Actualité : ${n.title}`,
    body: preview,
    link: `/actualites/${n.id}`,
    message: {
      key: updated ? 'news.updated' : ack ? 'news.ackRequested' : 'news.published',
      params: { title: n.title, preview },
    },
  });
}

/**
 * Notifies the readers of news whose publication time has come (planned ones): run on reads of the news, each news
 * claimed by one conditional update so that two requests never notify twice.
 */
export async function notifyDueNews(db: Executor, now: Date = new Date()): Promise<number> {
  const due = await repo.findDueUnnotified(db, now.toISOString());
  let sent = 0;
  for (const d of due) {
    await db.transaction().execute(async (trx) => {
      if (!(await repo.claimNotification(trx, d.id, now.toISOString()))) return;
      const n = await repo.getNews(trx, d.id);
      if (!n || statusOf(n, now) !== 'published') return;
      await notifyReaders(trx, n, now);
      sent++;
    });
  }
  return sent;
}

// ------------------------------------------------------------------------------------------- reading

/** The news the actor may see in all their schools: pinned on top, then the ones still to read, newest first. */
export async function listNews(db: Executor, actor: Actor, now: Date = new Date()) {
  await notifyDueNews(db, now);
  const views = await readerViews(db, actor, todayInParis(now));
  const schoolIds = [...views.keys()];
  const seen = (await repo.findNewsOfSchools(db, schoolIds)).flatMap((r) => see(r, views, now) ?? []);
  const ids = seen.map((s) => s.row.id);
  const reads = new Map((await repo.findReadsOfPerson(db, actor.personId, ids)).map((r) => [r.news_id, r]));
  const counts = new Map<string, number>();
  for (const a of await repo.findAttachmentsOf(db, ids)) counts.set(a.news_id, (counts.get(a.news_id) ?? 0) + 1);
  const names = await namesFor(
    db,
    schoolIds,
    seen.map((s) => s.audience),
  );
  const items = seen.map((s) => presentSummary(actor, s, names, reads.get(s.row.id), counts.get(s.row.id) ?? 0));
  const rank = (n: NewsSummary) => (n.pinned && n.status === 'published' ? 0 : isToRead(n) ? 1 : 2);
  items.sort((a, b) => rank(a) - rank(b) || b.publishAt.localeCompare(a.publishAt) || a.id.localeCompare(b.id));
  return { items, unread: items.filter(isToRead).length };
}

export async function countToRead(db: Executor, actor: Actor, now: Date = new Date()) {
  return { count: (await listNews(db, actor, now)).unread };
}

/** One news the actor may see (anything else: NOT_FOUND), with its text and attachments. */
async function loadSeen(db: Executor, actor: Actor, id: string, now: Date) {
  const row = await repo.getNews(db, id);
  if (!row) throw notFound('News');
  const views = await readerViews(db, actor, todayInParis(now));
  const s = see(row, views, now);
  if (!s) throw notFound('News');
  return { ...s, bodyHtml: row.body_html };
}

export async function getNews(db: Executor, actor: Actor, id: string, now: Date = new Date()) {
  const s = await loadSeen(db, actor, id, now);
  const [read] = await repo.findReadsOfPerson(db, actor.personId, [id]);
  const attachments = await repo.findAttachmentsOf(db, [id]);
  const names = await namesFor(db, [s.row.school_id], [s.audience]);
  return {
    ...presentSummary(actor, s, names, read, attachments.length),
    bodyHtml: s.bodyHtml,
    attachments: attachments.map(presentAttachment),
  };
}

/** The reader opened the news, or confirms « J’ai pris connaissance » (only when asked): once, first time kept. */
export async function markRead(db: Executor, actor: Actor, id: string, confirm: boolean, now: Date = new Date()) {
  const s = await loadSeen(db, actor, id, now);
  if (!s.addressed || s.status !== 'published') {
    throw new AppError('FORBIDDEN', 'This news is not addressed to you');
  }
  if (confirm && s.row.ack_required !== 1) {
    throw new AppError('CONFLICT', 'This news does not ask for a confirmation', { reason: 'no_confirmation' });
  }
  const r = await repo.recordRead(db, id, actor.personId, now.toISOString(), confirm);
  return { openedAt: r.opened_at, confirmedAt: r.confirmed_at };
}

// ------------------------------------------------------------------------------------------- publishing

/** Sites, levels and classes a publisher may address in the school. */
export async function getAudienceOptions(db: Executor, actor: Actor, schoolId: string, now: Date = new Date()) {
  if (!canPublishNews(actor, schoolId)) throw new AppError('FORBIDDEN', 'You are not allowed to do this');
  return audienceOptionsOf(db, schoolId, now);
}

/** Sites, levels and classes of the school, unchecked: the caller has checked who asks. */
export async function audienceOptionsOf(db: Executor, schoolId: string, now: Date = new Date()) {
  const classes = await repo.findCurrentClasses(db, schoolId, todayInParis(now));
  const sites = await repo.findSitesOfSchools(db, [schoolId]);
  return {
    sites: sites.map((s) => ({ id: s.id, name: s.name })),
    levels: [...new Set(classes.map((c) => c.level))],
    classes: classes.map((c) => ({ id: c.id, code: c.code, label: c.label, level: c.level })),
  };
}

/** An audience checked against the school's sites, levels and classes, deduplicated. Shared with questionnaires. */
export async function checkAudience(db: Executor, schoolId: string, a: Audience, now: Date = new Date()) {
  const options = await audienceOptionsOf(db, schoolId, now);
  const dedupe = (xs: string[]) => [...new Set(xs)];
  const audience: Audience = {
    publics: a.publics,
    siteIds: dedupe(a.siteIds),
    levels: dedupe(a.levels),
    classIds: dedupe(a.classIds),
  };
  if (audience.siteIds.some((id) => !options.sites.some((s) => s.id === id))) {
    throw invalid('Unknown site', 'audience.siteIds', 'unknown');
  }
  if (audience.levels.some((l) => !options.levels.includes(l))) {
    throw invalid('Unknown level', 'audience.levels', 'unknown');
  }
  if (audience.classIds.some((id) => !options.classes.some((c) => c.id === id))) {
    throw invalid('Unknown class', 'audience.classIds', 'unknown');
  }
  if (hasFilter(audience) && !audience.publics.some((p) => p !== 'staff')) {
    throw invalid('Sites, levels and classes choose pupils or families', 'audience.publics', 'filter_without_pupils');
  }
  return audience;
}

/** Publishes a news (now or at `publishAt`); its readers are notified when it is published. */
export async function createNews(db: Executor, actor: Actor, input: NewsCreateInput, now: Date = new Date()) {
  if (!canPublishNews(actor, input.schoolId)) throw new AppError('FORBIDDEN', 'You are not allowed to do this');
  const audience = await checkAudience(db, input.schoolId, input.audience, now);
  const publishAt = input.publishAt ? new Date(input.publishAt).toISOString() : now.toISOString();
  const publishDay = todayInParis(new Date(publishAt));
  if (input.expiresOn !== null && (input.expiresOn < publishDay || input.expiresOn < todayInParis(now))) {
    throw invalid('The news would expire before it is published', 'expiresOn', 'before_publication');
  }
  const bodyHtml = sanitizeBody(input.body);
  const row = {
    id: newId(),
    school_id: input.schoolId,
    author_id: actor.personId,
    title: input.title.trim(),
    body_html: bodyHtml,
    body_text: bodyToText(bodyHtml),
    audience: JSON.stringify(audience),
    pinned: input.pinned ? 1 : 0,
    ack_required: input.ackRequired ? 1 : 0,
    publish_at: publishAt,
    expires_on: input.expiresOn,
    notified_at: publishAt <= now.toISOString() ? now.toISOString() : null,
    edited_at: null,
    reminded_at: null,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  await db.transaction().execute(async (trx) => {
    await repo.insertNews(trx, row);
    await recordAudit(trx, {
      schoolId: row.school_id,
      actorPersonId: actor.personId,
      action: 'news.publish',
      details: { newsId: row.id, publics: audience.publics, ackRequired: input.ackRequired },
    });
    if (row.notified_at !== null) await notifyReaders(trx, row, now);
  });
  return getNews(db, actor, row.id, now);
}

/** Loads a news the actor may manage: NOT_FOUND when they may not see it, FORBIDDEN when they only may read it. */
async function loadManaged(db: Executor, actor: Actor, id: string, now: Date) {
  const s = await loadSeen(db, actor, id, now);
  if (!canManageNews(actor, s.row)) throw new AppError('FORBIDDEN', 'You are not allowed to do this');
  return s;
}

/**
 * Changes a news. Before its publication everything may change (moved to now or earlier, it is published and
 * notified at once). Once published, its publication date stays; people a wider audience now reaches are notified
 * as for a new news, and with `notifyReaders` everyone else in the audience is told it changed. An expired news is
 * not changed (publish a new one). Reads and confirmations already given are kept.
 */
export async function updateNews(
  db: Executor,
  actor: Actor,
  id: string,
  input: NewsUpdateInput,
  now: Date = new Date(),
) {
  const s = await loadManaged(db, actor, id, now);
  if (s.status === 'expired') {
    throw new AppError('CONFLICT', 'An expired news is not changed: publish a new one', { reason: 'expired' });
  }
  const audience = await checkAudience(db, s.row.school_id, input.audience, now);
  const published = s.row.notified_at !== null;
  let publishAt = s.row.publish_at;
  if (published) {
    if (input.publishAt !== undefined && new Date(input.publishAt).toISOString() !== s.row.publish_at) {
      throw invalid('A published news keeps its publication date', 'publishAt', 'already_published');
    }
  } else {
    publishAt = input.publishAt ? new Date(input.publishAt).toISOString() : now.toISOString();
  }
  const publishDay = todayInParis(new Date(publishAt));
  if (input.expiresOn !== null && (input.expiresOn < publishDay || input.expiresOn < todayInParis(now))) {
    throw invalid('The news would expire before it is published', 'expiresOn', 'before_publication');
  }
  const bodyHtml = sanitizeBody(input.body);
  const patch = {
    title: input.title.trim(),
    body_html: bodyHtml,
    body_text: bodyToText(bodyHtml),
    audience: JSON.stringify(audience),
    pinned: input.pinned ? 1 : 0,
    ack_required: input.ackRequired ? 1 : 0,
    publish_at: publishAt,
    expires_on: input.expiresOn,
    notified_at: published ? s.row.notified_at : publishAt <= now.toISOString() ? now.toISOString() : null,
    edited_at: published ? now.toISOString() : null,
    updated_at: now.toISOString(),
  };
  const day = todayInParis(now);
  await db.transaction().execute(async (trx) => {
    const before = published ? new Set(await audienceMembers(trx, s.row.school_id, s.audience, day)) : null;
    await repo.updateNews(trx, id, patch);
    await recordAudit(trx, {
      schoolId: s.row.school_id,
      actorPersonId: actor.personId,
      action: 'news.edit',
      details: { newsId: id, published, notifyReaders: input.notifyReaders },
    });
    const row = { ...patch, id, school_id: s.row.school_id, author_id: s.row.author_id };
    if (before === null) {
      if (patch.notified_at !== null) await notifyReaders(trx, row, now);
      return;
    }
    const after = (await audienceMembers(trx, s.row.school_id, audience, day)).filter((p) => p !== s.row.author_id);
    await notifyReaders(
      trx,
      row,
      now,
      after.filter((p) => !before.has(p)),
    );
    if (input.notifyReaders) {
      await notifyReaders(
        trx,
        row,
        now,
        after.filter((p) => before.has(p)),
        'news.updated',
      );
    }
  });
  return getNews(db, actor, id, now);
}

/**
 * « Relancer »: notifies, once a day at most, the people of the audience who have not opened the news (or not
 * confirmed it when it asks for a confirmation). A family counts as a whole, as in the receipts: a guardian is
 * reminded only for a child of the audience none of whose guardians has opened (or confirmed) it.
 */
export async function remindNews(db: Executor, actor: Actor, id: string, now: Date = new Date()) {
  const s = await loadSeen(db, actor, id, now);
  if (!canSeeReceipts(actor, s.row)) throw new AppError('FORBIDDEN', 'You are not allowed to do this');
  if (s.status !== 'published') {
    throw new AppError('CONFLICT', 'Only a news being shown can be reminded', { reason: s.status });
  }
  const ack = s.row.ack_required === 1;
  const done = (r: { confirmed_at: string | null } | undefined) => r !== undefined && (!ack || r.confirmed_at !== null);
  const day = todayInParis(now);
  return db.transaction().execute(async (trx) => {
    if (!(await repo.claimReminder(trx, id, now.toISOString(), reminderClaimBefore(now)))) {
      throw reminderTooSoon(s.row.reminded_at, now);
    }
    const reads = new Map((await repo.findReadsOfNews(trx, id)).map((r) => [r.person_id, r]));
    const people = new Set<string>();
    if (s.audience.publics.includes('staff')) {
      for (const p of await repo.findStaffOfSchool(trx, s.row.school_id)) if (!done(reads.get(p))) people.add(p);
    }
    if (s.audience.publics.includes('pupils') || s.audience.publics.includes('guardians')) {
      const pupils = (await repo.findPupilsOfSchool(trx, s.row.school_id, day)).filter((p) =>
        concernsPupil(s.audience, { classId: p.class_id, level: p.level, siteId: p.site_id }),
      );
      if (s.audience.publics.includes('pupils')) {
        for (const p of pupils) if (!done(reads.get(p.id))) people.add(p.id);
      }
      if (s.audience.publics.includes('guardians')) {
        const links = await repo.findGuardianLinks(
          trx,
          s.row.school_id,
          pupils.map((p) => p.id),
        );
        const familyDone = new Set(links.filter((l) => done(reads.get(l.id))).map((l) => l.pupil_id));
        for (const l of links) if (!familyDone.has(l.pupil_id)) people.add(l.id);
      }
    }
    people.delete(s.row.author_id ?? '');
    const remind = [...people];
    const preview = previewOf(s.row.body_text);
    await notify(trx, {
      personIds: remind,
      schoolId: s.row.school_id,
      kind: 'news.published',
      title: ack ? `Rappel, à confirmer : ${s.row.title}` : `Rappel : ${s.row.title}`,
      body: preview,
      link: `/actualites/${id}`,
      message: {
        key: ack ? 'news.reminderAck' : 'news.reminder',
        params: { title: s.row.title, preview },
      },
    });
    await recordAudit(trx, {
      schoolId: s.row.school_id,
      actorPersonId: actor.personId,
      action: 'news.remind',
      details: { newsId: id, reminded: remind.length },
    });
    return { reminded: remind.length, remindedAt: now.toISOString() };
  });
}

export async function deleteNews(db: Executor, actor: Actor, id: string, now: Date = new Date()) {
  const s = await loadManaged(db, actor, id, now);
  await db.transaction().execute(async (trx) => {
    await repo.deleteNews(trx, id);
    await recordAudit(trx, {
      schoolId: s.row.school_id,
      actorPersonId: actor.personId,
      action: 'news.delete',
      details: { newsId: id, title: s.row.title },
    });
  });
  return { ok: true as const };
}

/** Attaches a file: at most 5 per news, 5 MB each, of the accepted types, the type checked against the bytes. */
export async function addAttachment(
  db: Executor,
  actor: Actor,
  id: string,
  file: { fileName: string; contentType: string; data: unknown },
  now: Date = new Date(),
) {
  const s = await loadManaged(db, actor, id, now);
  if (!Buffer.isBuffer(file.data) || !(ATTACHMENT_TYPES as readonly string[]).includes(file.contentType)) {
    throw new AppError('VALIDATION_FAILED', 'Send the file as the body, with one of the accepted types', {
      accepted: ATTACHMENT_TYPES,
    });
  }
  const data = file.data;
  if (data.length === 0) throw invalid('The file is empty', 'body', 'too_small');
  if (!matchesType(file.contentType, data)) {
    throw invalid('The file is not of the type it announces', 'content-type', 'mismatch');
  }
  const row = {
    id: newId(),
    news_id: s.row.id,
    file_name: cleanFileName(file.fileName, 'piece-jointe'),
    content_type: file.contentType,
    size: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
    data,
    created_by: actor.personId,
    created_at: now.toISOString(),
  };
  await db.transaction().execute(async (trx) => {
    if ((await repo.countAttachments(trx, s.row.id)) >= MAX_NEWS_ATTACHMENTS) {
      throw new AppError('CONFLICT', `At most ${MAX_NEWS_ATTACHMENTS} files per news`, { reason: 'too_many_files' });
    }
    await repo.insertAttachment(trx, row);
  });
  return presentAttachment(row);
}

export async function getAttachmentFile(db: Executor, actor: Actor, id: string, attachmentId: string) {
  await loadSeen(db, actor, id, new Date());
  const a = await repo.getAttachment(db, id, attachmentId);
  if (!a) throw notFound('Attachment');
  return { fileName: a.file_name, contentType: a.content_type, data: Buffer.from(a.data) };
}

export async function deleteAttachment(db: Executor, actor: Actor, id: string, attachmentId: string) {
  await loadManaged(db, actor, id, new Date());
  if (!(await repo.deleteAttachment(db, id, attachmentId))) throw notFound('Attachment');
  return { ok: true as const };
}

// ------------------------------------------------------------------------------------------- receipts

type Family = Receipts['unreached'][number];
const familyStatus = (f: Family) =>
  f.guardians.some((g) => g.status === 'confirmed')
    ? 'confirmed'
    : f.guardians.some((g) => g.status === 'opened')
      ? 'opened'
      : 'none';

function totalsOf(families: readonly Family[]) {
  const t = { families: families.length, confirmed: 0, opened: 0, none: 0 };
  for (const f of families) t[familyStatus(f)]++;
  return t;
}

/**
 * Per class of the audience, each pupil's guardians (those whose link opens the school information) and what they
 * did: confirmed, only opened, nothing; and the families not reached: nobody opened it and no guardian could be
 * reached (no activated account, never signed in, or no e-mail address), with their phone numbers.
 */
export async function getReceipts(db: Executor, actor: Actor, id: string, now: Date = new Date()): Promise<Receipts> {
  const s = await loadSeen(db, actor, id, now);
  if (!canSeeReceipts(actor, s.row)) throw new AppError('FORBIDDEN', 'You are not allowed to do this');
  return receiptsOf(db, s, now);
}

/** The receipts of a news, whoever asks (callers check who may see them). */
async function receiptsOf(db: Executor, s: Pick<Seen, 'row' | 'audience' | 'status'>, now: Date): Promise<Receipts> {
  const id = s.row.id;
  const remindedAt = s.row.reminded_at;
  const news = {
    id: s.row.id,
    title: s.row.title,
    ackRequired: s.row.ack_required === 1,
    publishAt: s.row.publish_at,
    status: s.status,
    remindedAt,
    nextReminderAt: nextReminderAt(remindedAt),
  };
  if (!s.audience.publics.includes('guardians')) {
    return { news, totals: totalsOf([]), classes: [], unreached: [] };
  }
  const pupils = (await repo.findPupilsOfSchool(db, s.row.school_id, todayInParis(now))).filter((p) =>
    concernsPupil(s.audience, { classId: p.class_id, level: p.level, siteId: p.site_id }),
  );
  const links = await repo.findGuardianLinks(
    db,
    s.row.school_id,
    pupils.map((p) => p.id),
  );
  const reads = new Map((await repo.findReadsOfNews(db, id)).map((r) => [r.person_id, r]));
  const signedIn = await repo.findSignedIn(
    db,
    links.map((l) => l.id),
  );
  const byPupil = new Map<string, typeof links>();
  for (const l of links) byPupil.set(l.pupil_id, [...(byPupil.get(l.pupil_id) ?? []), l]);
  const collator = new Intl.Collator('fr', { sensitivity: 'base' });
  const order = { legal1: 0, legal2: 1, contact: 2 } as const;

  const classes = new Map<string, Receipts['classes'][number]>();
  const unreached: Family[] = [];
  const sorted = [...pupils].sort(
    (a, b) =>
      collator.compare(a.class_code, b.class_code) ||
      collator.compare(a.last_name, b.last_name) ||
      collator.compare(a.first_name, b.first_name),
  );
  for (const p of sorted) {
    const guardians = (byPupil.get(p.id) ?? [])
      .sort((a, b) => order[a.responsibility] - order[b.responsibility] || collator.compare(a.last_name, b.last_name))
      .map((l) => {
        const r = reads.get(l.id);
        const issues: Array<'not_activated' | 'never_signed_in' | 'no_email'> = [];
        if (l.activated !== 1) issues.push('not_activated');
        else if (!signedIn.has(l.id)) issues.push('never_signed_in');
        if (!l.email) issues.push('no_email');
        return {
          id: l.id,
          firstName: l.first_name,
          lastName: l.last_name,
          responsibility: l.responsibility,
          status: r?.confirmed_at ? ('confirmed' as const) : r ? ('opened' as const) : ('none' as const),
          openedAt: r?.opened_at ?? null,
          confirmedAt: r?.confirmed_at ?? null,
          issues,
          phone: l.phone,
        };
      });
    const cls = { id: p.class_id, code: p.class_code, label: p.class_label };
    const family: Family = {
      pupil: { id: p.id, firstName: p.first_name, lastName: p.last_name },
      class: cls,
      guardians: guardians.map((g) => ({ ...g, phone: null })),
    };
    let c = classes.get(cls.id);
    if (!c) {
      c = { ...cls, totals: totalsOf([]), families: [] };
      classes.set(cls.id, c);
    }
    c.families.push(family);
    if (familyStatus(family) === 'none' && guardians.every((g) => g.issues.length > 0)) {
      unreached.push({ ...family, guardians });
    }
  }
  const all = [...classes.values()];
  for (const c of all) c.totals = totalsOf(c.families);
  return { news, totals: totalsOf(all.flatMap((c) => c.families)), classes: all, unreached };
}

/**
 * The last news published to families in the school (not a planned one) and how many families opened it and
 * confirmed it, counted as the receipts count them (a family is a pupil of the audience: opened when one of its
 * guardians opened it); null when there is none. For the pilotage dashboard, whose caller is checked there.
 */
export async function findFamilyReachOfLastNews(db: Executor, schoolId: string, now: Date = new Date()) {
  const nowIso = now.toISOString();
  const rows = await repo.findNewsOfSchools(db, [schoolId]);
  const row = rows.find((r) => r.publish_at <= nowIso && parseAudience(r.audience).publics.includes('guardians'));
  if (!row) return null;
  const r = await receiptsOf(db, { row, audience: parseAudience(row.audience), status: statusOf(row, now) }, now);
  return {
    id: row.id,
    title: row.title,
    publishAt: row.publish_at,
    ackRequired: row.ack_required === 1,
    authorId: row.author_id,
    families: r.totals.families,
    opened: r.totals.opened + r.totals.confirmed,
    confirmed: r.totals.confirmed,
  };
}

const ISSUE_LABEL = {
  not_activated: 'compte non activé',
  never_signed_in: 'jamais connecté',
  no_email: 'pas d’adresse électronique',
} as const;
const RESPONSIBILITY_LABEL = { legal1: 'Responsable légal 1', legal2: 'Responsable légal 2', contact: 'Autre contact' };

/** The families not reached, as CSV for Excel (';', UTF-8 with a BOM, CRLF): the secretariat's list to call. */
export async function getUnreachedCsv(db: Executor, actor: Actor, id: string, now: Date = new Date()) {
  const r = await getReceipts(db, actor, id, now);
  const lines = [['Classe', 'Élève', 'Responsable', 'Lien', 'Téléphone', 'Motif'].map(csvField).join(';')];
  for (const f of r.unreached) {
    const pupil = `${f.pupil.lastName} ${f.pupil.firstName}`;
    if (f.guardians.length === 0)
      lines.push([f.class.code, pupil, '', '', '', 'aucun responsable'].map(csvField).join(';'));
    for (const g of f.guardians) {
      lines.push(
        [
          f.class.code,
          pupil,
          `${g.lastName} ${g.firstName}`,
          RESPONSIBILITY_LABEL[g.responsibility],
          g.phone ?? '',
          g.issues.map((i) => ISSUE_LABEL[i]).join(', '),
        ]
          .map(csvField)
          .join(';'),
      );
    }
  }
  return {
    fileName: `familles-non-touchees-${todayInParis(now)}.csv`,
    body: `\uFEFF${lines.join('\r\n')}\r\n`,
  };
}
