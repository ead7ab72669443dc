import { createHash } from 'node:crypto';
import type { Executor } from '../../db/types.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { cleanFileName } from '../../lib/file-names.ts';
import { sniffFileType } from '../../lib/file-types.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import type { Actor } from '../../lib/policy.ts';
import { getSchoolSetting } from '../../lib/school-settings.ts';
import { ScannerUnavailableError, type VirusScanner } from '../../lib/virus-scan.ts';
import { getVisible } from './messaging.access.ts';
import * as files from './messaging.attachments.repo.ts';
import { getMessage, insertAudit } from './messaging.repo.ts';
import { MESSAGING_SETTING } from './messaging.rules.ts';

/** No school may allow more than this per file (the route's body limit). */
export const ATTACHMENT_HARD_LIMIT_BYTES = 20 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_MESSAGE = 10;

export const presentAttachment = (a: files.AttachmentMeta) => ({
  id: a.id,
  fileName: a.file_name,
  contentType: a.content_type,
  size: a.size,
  scanned: a.scan_status === 'clean',
});
export type Attachment = ReturnType<typeof presentAttachment>;

/** Attachments grouped by message, in one query. */
export async function attachmentsByMessage(db: Executor, messageIds: readonly string[]) {
  const by = new Map<string, Attachment[]>();
  for (const a of await files.findAttachmentsOf(db, messageIds)) {
    const list = by.get(a.message_id) ?? [];
    list.push(presentAttachment(a));
    by.set(a.message_id, list);
  }
  return by;
}

const rejected = (reason: string, details: object = {}) =>
  new AppError('FILE_REJECTED', 'This file is refused', { reason, ...details });

/**
 * Attaches a file to one of the actor's drafts. The type is read from the bytes (the name and the announced
 * Content-Type are not trusted), the size is checked against the school's limit, the name is cleaned, and the
 * virus scanner is asked before anything is stored.
 */
export async function addAttachment(
  db: Executor,
  actor: Actor,
  draftId: string,
  file: { fileName: string; data: unknown },
  scanner: VirusScanner,
) {
  const draft = await getOwnDraft(db, actor, draftId);
  if (!Buffer.isBuffer(file.data) || file.data.length === 0) {
    throw new AppError('VALIDATION_FAILED', 'Send the file as the body (application/octet-stream)', {
      fields: [{ path: 'body', code: 'required' }],
    });
  }
  const data = file.data;
  const { attachmentMaxMb } = await getSchoolSetting(db, draft.school_id, MESSAGING_SETTING);
  const limit = attachmentMaxMb * 1024 * 1024;
  if (data.length > limit) throw rejected('too_large', { limitBytes: limit });
  const contentType = sniffFileType(data);
  if (!contentType) throw rejected('type');
  let scan: Awaited<ReturnType<VirusScanner['scan']>>;
  try {
    scan = await scanner.scan(data);
  } catch (e) {
    if (e instanceof ScannerUnavailableError) throw rejected('scanner_unavailable');
    throw e;
  }
  if (scan.status === 'infected') {
    await insertAudit(db, {
      id: newId(),
      school_id: draft.school_id,
      actor_id: actor.personId,
      action: 'attachment.infected',
      message_id: draft.id,
      target_id: null,
      details: JSON.stringify({ signature: scan.signature }),
      created_at: nowIso(),
    });
    throw rejected('virus');
  }
  const row = {
    id: newId(),
    message_id: draft.id,
    file_name: cleanFileName(file.fileName, 'piece-jointe'),
    content_type: contentType,
    size: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
    scan_status: scan.status,
    data,
    created_by: actor.personId,
    created_at: nowIso(),
  };
  await db.transaction().execute(async (trx) => {
    if ((await files.countAttachments(trx, draft.id)) >= MAX_ATTACHMENTS_PER_MESSAGE) {
      throw new AppError('CONFLICT', `At most ${MAX_ATTACHMENTS_PER_MESSAGE} files per message`, {
        reason: 'too_many_files',
      });
    }
    await files.insertAttachment(trx, row);
  });
  return presentAttachment(row);
}

async function getOwnDraft(db: Executor, actor: Actor, id: string) {
  const m = await getMessage(db, id);
  if (!m || m.sender_id !== actor.personId || m.sent_at !== null || m.sender_purged_at !== null) {
    throw notFound('Draft');
  }
  return m;
}

export async function deleteAttachment(db: Executor, actor: Actor, draftId: string, attachmentId: string) {
  await getOwnDraft(db, actor, draftId);
  if (!(await files.deleteAttachment(db, draftId, attachmentId))) throw notFound('Attachment');
  return { ok: true as const };
}

/**
 * An attachment's bytes: for the sender of the message (a draft included) and for the people who received this
 * message (their copy neither deleted for good nor recalled) — getVisible is that rule.
 */
export async function getAttachmentFile(db: Executor, actor: Actor, messageId: string, attachmentId: string) {
  const { msg } = await getVisible(db, actor, messageId);
  const a = await files.getAttachment(db, msg.id, attachmentId);
  if (!a) throw notFound('Attachment');
  return { fileName: a.file_name, contentType: a.content_type, data: Buffer.from(a.data) };
}
