import { z } from 'zod';
import { CATEGORIES, SCOPES } from './messaging.rules.ts';

const Id = z.string().min(1).max(64);

export const IdParamsSchema = z.strictObject({ id: Id });
export const PersonParamsSchema = z.strictObject({ personId: Id });

export const RecipientChoiceSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('person'), id: Id }),
  z.strictObject({ type: z.literal('group'), key: z.string().min(1).max(120) }),
]);
export type RecipientChoice = z.infer<typeof RecipientChoiceSchema>;

const Subject = z.string().max(200);
const Body = z.string().max(50_000);

export const SendSchema = z.strictObject({
  subject: Subject.refine((s) => s.trim().length > 0, 'A subject is required'),
  body: Body,
  recipients: z.array(RecipientChoiceSchema).min(1).max(100),
  replyToId: Id.optional(),
  forwardOfId: Id.optional(),
  /** Sends this draft (it leaves the drafts folder). */
  draftId: Id.optional(),
});
export type SendInput = z.infer<typeof SendSchema>;

export const DraftSchema = z.strictObject({
  subject: Subject,
  body: Body,
  recipients: z.array(RecipientChoiceSchema).max(100),
  replyToId: Id.optional(),
  forwardOfId: Id.optional(),
});
export type DraftInput = z.infer<typeof DraftSchema>;

export const FolderQuerySchema = z.strictObject({
  folder: z.enum(['inbox', 'sent', 'drafts', 'trash']).default('inbox'),
  q: z.string().trim().max(100).optional(),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().max(100).optional(),
});
export type FolderQuery = z.infer<typeof FolderQuerySchema>;

export const AudienceEntrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('person'), id: z.string(), firstName: z.string(), lastName: z.string() }),
  z.object({ type: z.literal('group'), kind: z.string(), name: z.string(), count: z.number().int() }),
]);
export type AudienceEntry = z.infer<typeof AudienceEntrySchema>;

const SenderSchema = z.object({ id: z.string(), firstName: z.string(), lastName: z.string(), role: z.string() });

export const MessageSummarySchema = z.object({
  id: z.string(),
  threadId: z.string(),
  schoolId: z.string(),
  subject: z.string(),
  preview: z.string(),
  sender: SenderSchema,
  audience: z.array(AudienceEntrySchema),
  recipientCount: z.number().int(),
  sentAt: z.string().nullable(),
  updatedAt: z.string(),
  /** For a received copy: whether the reader has opened it. Own messages are always read. */
  read: z.boolean(),
  isOwn: z.boolean(),
});
export type MessageSummary = z.infer<typeof MessageSummarySchema>;

export const FolderSchema = z.object({
  items: z.array(MessageSummarySchema),
  nextCursor: z.string().nullable(),
});

export const AttachmentSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  /** Read from the bytes when the file was uploaded. */
  contentType: z.string(),
  size: z.number().int(),
  /** Whether a virus scanner checked it (false: no scanner configured). */
  scanned: z.boolean(),
});

export const MessageSchema = MessageSummarySchema.extend({
  bodyHtml: z.string(),
  attachments: z.array(AttachmentSchema),
  parentId: z.string().nullable(),
  forwardOfId: z.string().nullable(),
  trashed: z.boolean(),
  abilities: z.object({ reply: z.boolean(), replyAll: z.boolean(), report: z.boolean(), readStatus: z.boolean() }),
  /** Reply-all: the people named in the addressing the reader may write to (the sender aside). */
  replyAllIds: z.array(z.string()),
});
export type Message = z.infer<typeof MessageSchema>;

export const ConversationSchema = z.object({
  threadId: z.string(),
  subject: z.string(),
  messages: z.array(MessageSchema),
});

export const DraftOutSchema = z.object({
  id: z.string(),
  subject: z.string(),
  bodyHtml: z.string(),
  recipients: z.array(RecipientChoiceSchema),
  replyToId: z.string().nullable(),
  forwardOfId: z.string().nullable(),
  updatedAt: z.string(),
  attachments: z.array(AttachmentSchema),
  /** How each recipient reads, in the order of `recipients` (null: no longer someone one may write to). */
  recipientLabels: z.array(AudienceEntrySchema.nullable()),
});

export const ReadStatusSchema = z.object({
  readReceipts: z.boolean(),
  total: z.number().int(),
  readCount: z.number().int().nullable(),
  recipients: z.array(
    z.object({ id: z.string(), firstName: z.string(), lastName: z.string(), readAt: z.string().nullable() }),
  ),
});

export const UnreadCountSchema = z.object({ count: z.number().int() });
export const OkSchema = z.object({ ok: z.literal(true) });

export const RecipientSearchQuerySchema = z.strictObject({ q: z.string().trim().max(100).default('') });
export const RecipientSearchSchema = z.object({
  people: z.array(
    z.object({
      id: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      roles: z.array(z.enum(CATEGORIES)),
      /** For a guardian: the children (of this school) they are a guardian of. */
      children: z.array(z.object({ firstName: z.string(), lastName: z.string(), className: z.string().nullable() })),
    }),
  ),
  groups: z.array(z.object({ key: z.string(), kind: z.string(), name: z.string(), count: z.number().int() })),
});

export const ReportSchema = z.strictObject({ reason: z.string().trim().max(1000).default('') });
export const ReportOutSchema = z.object({ id: z.string(), createdAt: z.string() });
export const ReportListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      reason: z.string(),
      createdAt: z.string(),
      closedAt: z.string().nullable(),
      message: z.object({
        id: z.string(),
        subject: z.string(),
        bodyHtml: z.string(),
        sentAt: z.string().nullable(),
        sender: SenderSchema,
      }),
      reporter: z.object({ id: z.string(), firstName: z.string(), lastName: z.string() }),
      /** Whether the reader may block the sender's messaging (a pupil, and the reader is vie scolaire/direction). */
      canBlockSender: z.boolean(),
    }),
  ),
});

export const BlockSchema = z.strictObject({ personId: Id, reason: z.string().trim().max(500).default('') });
export const BlockListSchema = z.object({
  items: z.array(
    z.object({
      personId: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      reason: z.string(),
      createdAt: z.string(),
      blockedBy: z.string().nullable(),
    }),
  ),
});

const Matrix = z.record(z.enum(CATEGORIES), z.record(z.enum(CATEGORIES), z.enum(SCOPES)));
export const RulesOutSchema = z.object({
  categories: z.array(z.enum(CATEGORIES)),
  defaults: Matrix,
  effective: Matrix,
  readReceipts: z.boolean(),
  attachmentMaxMb: z.number().int(),
  canEdit: z.boolean(),
});
export const RulesInSchema = z.strictObject({
  overrides: z.partialRecord(z.enum(CATEGORIES), z.partialRecord(z.enum(CATEGORIES), z.enum(SCOPES))),
  readReceipts: z.boolean(),
  /** The largest attachment per file, in MB (1 to 20); unchanged when absent. */
  attachmentMaxMb: z.number().int().min(1).max(20).optional(),
});

export const AttachmentParamsSchema = z.strictObject({ id: Id, attachmentId: Id });
export const AttachmentQuerySchema = z.strictObject({ fileName: z.string().trim().min(1).max(255) });
export const FileSchema = z.unknown().describe('the attachment, as a download');

export const FreezeSchema = z.strictObject({ personId: Id, reason: z.string().trim().max(500).default('') });
export const FreezeListSchema = z.object({
  items: z.array(
    z.object({
      personId: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      reason: z.string(),
      createdAt: z.string(),
      frozenBy: z.string().nullable(),
    }),
  ),
});
const Instant = z.iso.datetime({ offset: true });
export const WindowQuerySchema = z.strictObject({ from: Instant, to: Instant });
export const RecallSchema = z.strictObject({ from: Instant, to: Instant });
export const SentListSchema = z.object({
  person: z.object({ id: z.string(), firstName: z.string(), lastName: z.string() }),
  frozen: z.boolean(),
  items: z.array(
    z.object({
      id: z.string(),
      subject: z.string(),
      sentAt: z.string(),
      recipientCount: z.number().int(),
      recalledAt: z.string().nullable(),
    }),
  ),
});
export const RecallOutSchema = z.object({ recalled: z.number().int() });
