import type { Db } from '../../db/types.ts';
import { recordAudit } from '../../lib/audit.ts';
import { todayInParis } from '../../lib/dates.ts';
import type { FileStorage } from '../../lib/storage.ts';
import * as repo from './handin.repo.ts';

/**
 * Days a pupil's hand-ins are kept at a school after their last class there ended. Two months cover an appeal
 * against a mark (recours gracieux); a month more covers a departure at the end of June and the summer. The marks
 * themselves stay in the grade book, which has its own rules. A default to be confirmed by the académie's DPO
 * (docs/handin.md, "Retention").
 */
export const HAND_IN_RETENTION_DAYS = 90;

const addDaysIso = (d: string, n: number) => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
};

export interface PurgeResult {
  pupils: number;
  handIns: number;
  files: number;
  /** Files whose removal from the storage failed after the commit (no row names them any more; logged). */
  filesNotRemoved: number;
}

/**
 * Deletes hand-ins of the given pupils (at a school, or everywhere with `schoolId: null`): the rows in one
 * transaction, with an audit event; the files from the storage only once it is committed, so that a failed
 * transaction leaves every file its rows name. Whatever erases a pupil's personal data calls this.
 */
export async function deleteHandInsOfPupils(
  db: Db,
  storage: FileStorage,
  targets: readonly { pupilId: string; schoolId: string | null }[],
  reason: 'retention' | 'erasure',
): Promise<PurgeResult> {
  const keys: string[] = [];
  let handIns = 0;
  await db.transaction().execute(async (trx) => {
    for (const t of targets) {
      const gone = await repo.deleteHandInsOfPupil(trx, t.pupilId, t.schoolId);
      if (gone.handIns === 0) continue;
      handIns += gone.handIns;
      keys.push(...gone.keys);
      await recordAudit(trx, {
        schoolId: t.schoolId,
        actorPersonId: null,
        action: 'handin.purge',
        targetPersonId: t.pupilId,
        details: { reason, handIns: gone.handIns, files: gone.keys.length },
      });
    }
  });
  const removed = await Promise.allSettled(keys.map((k) => storage.delete(k)));
  return {
    pupils: targets.length,
    handIns,
    files: keys.length,
    filesNotRemoved: removed.filter((r) => r.status === 'rejected').length,
  };
}

/**
 * The retention purge: hand-ins of pupils who left a school more than HAND_IN_RETENTION_DAYS ago, rows and files.
 * Runs at start and daily (main.ts, worker 1); `now` is injectable, tests move the clock.
 */
export async function purgeHandInsOfLeavers(db: Db, storage: FileStorage, now: Date = new Date()) {
  const today = todayInParis(now);
  const leavers = (await repo.findLeaversWithHandIns(db, today)).filter(
    (l) => l.left_on && addDaysIso(String(l.left_on), HAND_IN_RETENTION_DAYS) < today,
  );
  return deleteHandInsOfPupils(
    db,
    storage,
    leavers.map((l) => ({ pupilId: l.pupil_id, schoolId: l.school_id })),
    'retention',
  );
}
