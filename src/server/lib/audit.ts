import type { Executor } from '../db/types.ts';
import { newId, nowIso } from './ids.ts';

/** Stable names of audited actions: `<domain>.<verb>`. */
export type AuditAction =
  | 'activation.letter'
  | 'activation.class_letters'
  | 'guardianship.create'
  | 'guardianship.update'
  | 'guardianship.delete'
  | (string & {});

export interface AuditEvent {
  schoolId: string | null;
  actorPersonId: string | null;
  action: AuditAction;
  targetPersonId?: string | null;
  /** Small, non-secret facts (never a code, a password or a token). */
  details?: Record<string, unknown>;
}

/**
 * Writes one audit event. Pass the transaction of the change it records, so that the change and its
 * trace are written together or not at all.
 */
export async function recordAudit(db: Executor, event: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      id: newId(),
      school_id: event.schoolId,
      actor_person_id: event.actorPersonId,
      action: event.action,
      target_person_id: event.targetPersonId ?? null,
      details: JSON.stringify(event.details ?? {}),
      created_at: nowIso(),
    })
    .execute();
}
