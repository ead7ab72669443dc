import type { Db, Executor } from '../../db/types.ts';
import { recordAudit } from '../../lib/audit.ts';
import type { Config } from '../../lib/config.ts';
import { AppError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/ids.ts';
import { type Actor, assertCan, belongsToSchool } from '../../lib/policy.ts';
import {
  DEFAULT_MODES,
  DEFAULT_QUIET_HOURS,
  isMailCategory,
  isMailMode,
  MAIL_CATEGORIES,
  type MailCategory,
  type MailMode,
} from './mail.categories.ts';
import { isPermanentFailure, parseDeliveryReport } from './mail.dsn.ts';
import { canManageMailBounces } from './mail.policy.ts';
import * as repo from './mail.repo.ts';
import type { MailPreferencesUpdate } from './mail.schema.ts';
import { tokenKey, verifyUnsubscribe } from './mail.tokens.ts';

/** A person's modes per category: what they chose, else the category's default. */
async function modesOf(db: Executor, personId: string): Promise<Record<MailCategory, MailMode>> {
  const modes = { ...DEFAULT_MODES };
  for (const p of await repo.findPreferencesOf(db, [personId])) {
    if (isMailCategory(p.category) && isMailMode(p.mode)) modes[p.category] = p.mode;
  }
  return modes;
}

/** The actor's own mail preferences, with the address used and whether it bounces. */
export async function getOwnPreferences(db: Executor, config: Config, actor: Actor) {
  const person = await repo.getPersonForMail(db, actor.personId);
  const email = person?.email?.trim() || null;
  const bounce = email ? await repo.findBounce(db, email) : undefined;
  const modes = await modesOf(db, actor.personId);
  const settings = await repo.getSettings(db, actor.personId);
  const quietHours = settings
    ? settings.quiet_start && settings.quiet_end
      ? { start: settings.quiet_start, end: settings.quiet_end }
      : null
    : { ...DEFAULT_QUIET_HOURS };
  const waiting = (await repo.countQueuedOf(db, actor.personId)).find((r) => r.status === 'waiting_digest');
  return {
    email,
    emailStatus: !email ? ('missing' as const) : bounce ? ('bouncing' as const) : ('ok' as const),
    bouncedAt: bounce?.bounced_at ?? null,
    categories: MAIL_CATEGORIES.map((category) => ({
      category,
      mode: modes[category],
      defaultMode: DEFAULT_MODES[category],
    })),
    quietHours,
    digestHour: config.mail.digestHour,
    waitingForDigest: Number(waiting?.n ?? 0),
  };
}

export async function updateOwnPreferences(db: Db, config: Config, actor: Actor, input: MailPreferencesUpdate) {
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    const modes = Object.entries(input.modes ?? {}).map(([category, mode]) => ({ category, mode: mode as string }));
    await repo.upsertPreferences(trx, actor.personId, modes, now);
    if (input.quietHours !== undefined) {
      if (input.quietHours && input.quietHours.start === input.quietHours.end) {
        throw new AppError('VALIDATION_FAILED', 'Quiet hours must not start and end at the same time', {
          fields: [{ path: 'quietHours.end', code: 'same_as_start' }],
        });
      }
      await repo.upsertQuietHours(trx, actor.personId, input.quietHours, now);
    }
  });
  return getOwnPreferences(db, config, actor);
}

// ---- unsubscribe links ----

/** What a link's token stands for, or null when it is not genuine (or its person is gone). */
export async function readUnsubscribeToken(db: Executor, config: Config, token: string) {
  const claim = verifyUnsubscribe(await tokenKey(db, config.mail.tokenSecret), token);
  if (!claim || !(isMailCategory(claim.category) || claim.category === 'digest')) return null;
  const person = await repo.getPersonForMail(db, claim.personId);
  if (!person) return null;
  return { person, category: claim.category };
}

/**
 * Applies an unsubscribe link: that category to 'never' for that person; the digest's link stops every category
 * the person gets in the digest. Idempotent. Null when the token is not genuine.
 */
export async function applyUnsubscribe(db: Db, config: Config, token: string) {
  const found = await readUnsubscribeToken(db, config, token);
  if (!found) return null;
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    const modes = await modesOf(trx, found.person.id);
    const categories =
      found.category === 'digest'
        ? MAIL_CATEGORIES.filter((c) => modes[c] === 'digest')
        : [found.category as MailCategory];
    await repo.upsertPreferences(
      trx,
      found.person.id,
      categories.map((category) => ({ category, mode: 'never' })),
      now,
    );
    await recordAudit(trx, {
      schoolId: null,
      actorPersonId: found.person.id,
      action: 'mail.unsubscribed',
      targetPersonId: found.person.id,
      details: { categories },
    });
  });
  return found;
}

// ---- bounces ----

/**
 * Records that an address bounces (a DSN read from the bounce mailbox, or a provider's webhook, calls this): no
 * mail goes to it until the school clears it or the person's address changes.
 */
export async function recordBounce(db: Executor, address: string, reason: string, source: 'smtp' | 'dsn' = 'dsn') {
  await repo.insertBounce(db, { address: address.trim(), reason, source, at: nowIso() });
}

/**
 * A delivery report (RFC 3464, as text) or a provider's JSON list: each permanent failure records its address as
 * bouncing (`source` 'dsn'), like a refusal during the SMTP dialogue; delays and successes change nothing.
 */
export async function recordDeliveryReport(
  db: Db,
  report:
    | string
    | { recipients: Array<{ address: string; status: string; action: string; reason?: string | undefined }> },
) {
  const recipients =
    typeof report === 'string'
      ? parseDeliveryReport(report).map((r) => ({
          address: r.address,
          action: r.action,
          status: r.status,
          reason: r.diagnostic ?? r.status,
        }))
      : report.recipients.map((r) => ({ ...r, address: r.address.toLowerCase(), reason: r.reason ?? r.status }));
  if (typeof report === 'string' && recipients.length === 0) {
    throw new AppError('VALIDATION_FAILED', 'No recipient found in the delivery report', {
      fields: [{ path: 'body', code: 'no_recipient' }],
    });
  }
  const failed = recipients.filter(isPermanentFailure);
  await db.transaction().execute(async (trx) => {
    for (const r of failed) await recordBounce(trx, r.address, `${r.status} ${r.reason}`.slice(0, 500), 'dsn');
  });
  return { recorded: failed.length, ignored: recipients.length - failed.length };
}

function assertBounces(actor: Actor, schoolId: string) {
  assertCan(canManageMailBounces(actor, schoolId), { hide: !belongsToSchool(actor, schoolId), what: 'School' });
}

export async function listBounces(db: Executor, actor: Actor, schoolId: string) {
  assertBounces(actor, schoolId);
  const rows = await repo.findBouncingPeopleOfSchool(db, schoolId);
  return {
    items: rows.map((r) => ({
      personId: r.id,
      firstName: r.first_name,
      lastName: r.last_name,
      email: r.email ?? '',
      reason: r.reason,
      bouncedAt: r.bounced_at,
    })),
  };
}

/** Clears the bounce of a person's current address (once corrected or confirmed), so that mail goes again. */
export async function clearBounce(db: Db, actor: Actor, schoolId: string, personId: string) {
  assertBounces(actor, schoolId);
  const person = await repo.getPersonForMail(db, personId);
  const email = person?.email?.trim();
  if (!person || !email || !(await repo.personBelongsToSchool(db, personId, schoolId))) {
    throw new AppError('NOT_FOUND', 'Person not found');
  }
  await db.transaction().execute(async (trx) => {
    await repo.deleteBounce(trx, email);
    await recordAudit(trx, {
      schoolId,
      actorPersonId: actor.personId,
      action: 'mail.bounce_cleared',
      targetPersonId: personId,
    });
  });
  return { ok: true as const };
}
