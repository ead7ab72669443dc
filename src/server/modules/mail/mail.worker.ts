import { hostname } from 'node:os';
import type { Db, MailQueueTable } from '../../db/types.ts';
import type { Config } from '../../lib/config.ts';
import { newId } from '../../lib/ids.ts';
import type { MailTransport, OutgoingMail } from '../../lib/mail-transport.ts';
import { presentNotification } from '../notifications/notifications.service.ts';
import { DEFAULT_MODES, DEFAULT_QUIET_HOURS, isMailCategory, isMailMode, type MailMode } from './mail.categories.ts';
import { absolute, composeMail, type MailItem, mailLocale, renderNotification, translator } from './mail.render.ts';
import * as repo from './mail.repo.ts';
import { parisWall, quietUntil } from './mail.time.ts';
import { signUnsubscribe, tokenKey } from './mail.tokens.ts';

export interface MailWorkerOptions {
  db: Db;
  config: Config;
  transport: MailTransport;
  /** The time, injectable for tests (quiet hours, digest hour, leases, backoff). */
  clock?: () => Date;
  /** How long a claim holds a mail: past it, another process takes the mail again. */
  leaseMs?: number;
  pollMs?: number;
  batchSize?: number;
  /** Attempts before giving up on a mail (transient failures: 4xx, network). */
  maxAttempts?: number;
  log?: (message: string, details?: Record<string, unknown>) => void;
}

export type DeliveryOutcome = 'sent' | 'rejected' | 'retry' | 'failed' | 'held' | 'deferred' | 'dropped' | 'released';

/** Minutes before the next try, by attempts already made. */
const BACKOFF_MINUTES = [1, 5, 15, 60, 180, 360];

/** The base URL of links in mails: PUBLIC_URL, else this server on localhost (development). */
export const publicBase = (config: Config) => config.publicUrl ?? `http://localhost:${config.port}`;

/**
 * The mail worker of one server process: polls the queue, claims due mails with a lease, sends them, and builds the
 * daily digests at the configured hour. Several processes may run one each (docs/mail.md, "The queue").
 */
export class MailWorker {
  readonly owner = `${hostname()}:${process.pid}:${newId().slice(0, 8)}`;
  private readonly db: Db;
  private readonly config: Config;
  private readonly transport: MailTransport;
  private readonly clock: () => Date;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly log: NonNullable<MailWorkerOptions['log']>;
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<unknown> | null = null;
  private stopping = false;

  constructor(o: MailWorkerOptions) {
    this.db = o.db;
    this.config = o.config;
    this.transport = o.transport;
    this.clock = o.clock ?? (() => new Date());
    this.leaseMs = o.leaseMs ?? 5 * 60_000;
    this.pollMs = o.pollMs ?? 15_000;
    this.batchSize = o.batchSize ?? 20;
    this.maxAttempts = o.maxAttempts ?? 6;
    this.log = o.log ?? (() => {});
  }

  /** Polls until stop(). */
  start(): void {
    this.stopping = false;
    const loop = () => {
      if (this.stopping) return;
      this.current = this.tick()
        .catch((e: unknown) => this.log('mail worker round failed', { error: String(e) }))
        .finally(() => {
          this.current = null;
          if (!this.stopping) this.timer = setTimeout(loop, this.pollMs);
        });
    };
    this.timer = setTimeout(loop, 0);
  }

  /** Stops polling; the mail being sent finishes, mails claimed but not started are released at once. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current;
  }

  /** One round: digests if their hour has come, then up to batchSize due mails. */
  async tick(): Promise<Record<DeliveryOutcome, number> & { digests: number }> {
    const counts = { sent: 0, rejected: 0, retry: 0, failed: 0, held: 0, deferred: 0, dropped: 0, released: 0 };
    const digests = await this.scheduleDigests(this.clock());
    const claimed = await this.claim();
    for (const row of claimed) {
      if (this.stopping) {
        await this.release(row);
        counts.released++;
        continue;
      }
      counts[await this.deliver(row)]++;
    }
    return { ...counts, digests };
  }

  /** Claims up to batchSize due mails (a lease each); what another process holds is skipped. */
  async claim(limit = this.batchSize): Promise<MailQueueTable[]> {
    const now = this.clock();
    const at = now.toISOString();
    const leaseUntil = new Date(now.getTime() + this.leaseMs).toISOString();
    const out: MailQueueTable[] = [];
    for (const id of await repo.findDueIds(this.db, at, limit)) {
      if (!(await repo.claimRow(this.db, id, at, leaseUntil, this.owner))) continue;
      const row = await repo.getQueueRow(this.db, id);
      if (row) out.push(row);
    }
    return out;
  }

  private async release(row: MailQueueTable) {
    await repo.updateQueueRow(this.db, row.id, {
      lease_until: null,
      lease_owner: null,
      attempts: Math.max(0, row.attempts - 1),
    });
  }

  /** At the digest hour (Europe/Paris), once a day: gathers each person's waiting items into one mail. */
  async scheduleDigests(now: Date): Promise<number> {
    const wall = parisWall(now);
    if (Number(wall.time.slice(0, 2)) < this.config.mail.digestHour) return 0;
    const last = await repo.getDigestDay(this.db);
    if (last !== null && last >= wall.date) return 0;
    // Built before the day is marked: a process that dies in between leaves the work to the next round, and two
    // processes building at once cannot put an item in two digests (batchDigestItems is one conditional UPDATE).
    const built = await this.buildDigests(now);
    await repo.claimDigestDay(this.db, wall.date, now.toISOString());
    if (built > 0) this.log('daily digests queued', { count: built });
    return built;
  }

  /** One digest mail per person with waiting items (created before `now`). */
  async buildDigests(now: Date): Promise<number> {
    const before = now.toISOString();
    let built = 0;
    for (const personId of await repo.findPeopleWithDigestItems(this.db, before)) {
      await this.db.transaction().execute(async (trx) => {
        const id = newId();
        if ((await repo.batchDigestItems(trx, personId, id, before)) === 0) return;
        await repo.insertQueueRows(trx, [
          {
            id,
            person_id: personId,
            kind: 'digest',
            notification_id: null,
            category: 'digest',
            status: 'pending',
            due_at: before,
            attempts: 0,
            lease_until: null,
            lease_owner: null,
            digest_id: null,
            last_error: null,
            created_at: before,
            sent_at: null,
          },
        ]);
        built++;
      });
    }
    return built;
  }

  private async finish(row: MailQueueTable, status: 'sent' | 'failed' | 'dropped', error: string | null) {
    const at = this.clock().toISOString();
    await repo.updateQueueRow(this.db, row.id, {
      status,
      sent_at: status === 'sent' ? at : null,
      last_error: error,
      lease_until: null,
      lease_owner: null,
    });
    if (row.kind === 'digest') await repo.markDigestItems(this.db, row.id, status, status === 'sent' ? at : null);
  }

  /** Sends one claimed mail, checking again what may have changed since it was queued. */
  async deliver(row: MailQueueTable): Promise<DeliveryOutcome> {
    const now = this.clock();
    const person = await repo.getPersonForMail(this.db, row.person_id);
    const email = person?.email?.trim();
    if (!person || !email || person.disabled_at) {
      await this.finish(row, 'dropped', 'no address');
      return 'dropped';
    }
    if (await repo.findBounce(this.db, email)) {
      await this.finish(row, 'dropped', 'address bounces');
      return 'dropped';
    }
    const prefs = new Map<string, MailMode>();
    for (const p of await repo.findPreferencesOf(this.db, [person.id])) {
      if (isMailMode(p.mode)) prefs.set(p.category, p.mode);
    }
    const modeOf = (c: string): MailMode => prefs.get(c) ?? (isMailCategory(c) ? DEFAULT_MODES[c] : 'digest');

    if (row.kind === 'notification') {
      const mode = modeOf(row.category);
      if (mode === 'never') {
        await this.finish(row, 'dropped', 'unsubscribed');
        return 'dropped';
      }
      if (mode === 'digest') {
        await repo.updateQueueRow(this.db, row.id, {
          status: 'waiting_digest',
          lease_until: null,
          lease_owner: null,
          attempts: Math.max(0, row.attempts - 1),
        });
        return 'deferred';
      }
    }

    const settings = await repo.getSettings(this.db, person.id);
    const quiet = settings
      ? settings.quiet_start && settings.quiet_end
        ? { start: settings.quiet_start, end: settings.quiet_end }
        : null
      : DEFAULT_QUIET_HOURS;
    const hold = quietUntil(now, quiet);
    if (hold) {
      await repo.updateQueueRow(this.db, row.id, {
        due_at: hold.toISOString(),
        lease_until: null,
        lease_owner: null,
        attempts: Math.max(0, row.attempts - 1),
      });
      return 'held';
    }

    const mail = await this.compose(row, person, email, modeOf);
    if (!mail) {
      await this.finish(row, 'dropped', 'nothing to send');
      return 'dropped';
    }
    let result: Awaited<ReturnType<MailTransport['send']>>;
    try {
      result = await this.transport.send(mail);
    } catch (e) {
      result = { status: 'failed', reason: String(e).slice(0, 500) };
    }
    if (result.status === 'sent') {
      await this.finish(row, 'sent', null);
      return 'sent';
    }
    if (result.status === 'rejected') {
      await repo.insertBounce(this.db, {
        address: email,
        reason: result.reason,
        source: 'smtp',
        at: now.toISOString(),
      });
      await this.finish(row, 'failed', result.reason);
      this.log('mail address rejected', { personId: person.id, reason: result.reason });
      return 'rejected';
    }
    if (row.attempts >= this.maxAttempts) {
      await this.finish(row, 'failed', result.reason);
      this.log('mail given up', { id: row.id, attempts: row.attempts, reason: result.reason });
      return 'failed';
    }
    const wait = BACKOFF_MINUTES[Math.min(row.attempts, BACKOFF_MINUTES.length) - 1] ?? 1;
    await repo.updateQueueRow(this.db, row.id, {
      due_at: new Date(now.getTime() + wait * 60_000).toISOString(),
      last_error: result.reason,
      lease_until: null,
      lease_owner: null,
    });
    return 'retry';
  }

  private async compose(
    row: MailQueueTable,
    person: { id: string; first_name: string; last_name: string; locale: string },
    email: string,
    modeOf: (c: string) => MailMode,
  ): Promise<OutgoingMail | null> {
    const locale = mailLocale(person.locale);
    const t = translator(locale);
    const base = publicBase(this.config);
    const item = (n: Parameters<typeof renderNotification>[0]): MailItem => {
      const { title, body } = renderNotification(n, locale);
      const link = presentNotification(n).link;
      return { title, body, url: link ? absolute(base, link) : null };
    };
    let items: MailItem[];
    let subject: string;
    let intro: string | null = null;
    if (row.kind === 'digest') {
      const rows = (await repo.findDigestItems(this.db, row.id)).filter((r) => modeOf(r.category) !== 'never');
      if (rows.length === 0) return null;
      items = rows.map(item);
      subject = t('mail.digestSubject', { count: items.length });
      intro = t('mail.digestIntro', { count: items.length });
    } else {
      const n = row.notification_id ? await repo.getNotification(this.db, row.notification_id) : undefined;
      if (!n) return null;
      items = [item(n)];
      subject = items[0]!.title;
    }
    const key = await tokenKey(this.db, this.config.mail.tokenSecret);
    return composeMail({
      to: email,
      locale,
      name: `${person.first_name} ${person.last_name}`,
      subject,
      intro,
      items,
      category: row.category,
      links: {
        base,
        preferences: absolute(base, '/compte#preferences-notification'),
        unsubscribe: absolute(base, `/desabonnement/${signUnsubscribe(key, person.id, row.category)}`),
      },
    });
  }
}
