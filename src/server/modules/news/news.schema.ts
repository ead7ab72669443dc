import { z } from 'zod';
import { IsoDate } from '../../lib/dates.ts';

const Id = z.string().min(1).max(64);

export const IdParamsSchema = z.strictObject({ id: Id });
export const AttachmentParamsSchema = z.strictObject({ id: Id, attachmentId: Id });
export const AttachmentQuerySchema = z.strictObject({ fileName: z.string().trim().min(1).max(200) });
export const SchoolQuerySchema = z.strictObject({ schoolId: Id });

/** Who reads a news: families (guardians), pupils, staff (staff and teachers). */
export const NEWS_PUBLICS = ['guardians', 'pupils', 'staff'] as const;
export type NewsPublic = (typeof NEWS_PUBLICS)[number];

/**
 * The audience: one or more publics; for pupils and guardians, the pupils concerned: the whole school when no
 * filter is given, else the pupils of any of these sites, levels or classes. Staff read every news addressed to
 * staff in their school.
 */
export const AudienceSchema = z.strictObject({
  publics: z
    .array(z.enum(NEWS_PUBLICS))
    .min(1)
    .max(3)
    .refine((a) => new Set(a).size === a.length, 'Each public once'),
  siteIds: z.array(Id).max(20).default([]),
  levels: z.array(z.string().trim().min(1).max(20)).max(10).default([]),
  classIds: z.array(Id).max(100).default([]),
});
export type Audience = z.infer<typeof AudienceSchema>;

export const NewsCreateSchema = z.strictObject({
  schoolId: Id,
  title: z
    .string()
    .max(200)
    .refine((s) => s.trim().length > 0, 'A title is required'),
  /** A small subset of HTML (messaging.sanitize.ts): anything else is dropped. */
  body: z.string().max(50_000),
  audience: AudienceSchema,
  pinned: z.boolean().default(false),
  /** « Merci de confirmer la lecture »: each reader is asked to confirm. */
  ackRequired: z.boolean().default(false),
  /** An instant; now when absent. */
  publishAt: z.iso.datetime({ offset: true }).optional(),
  /** The last day it is shown (Europe/Paris), inclusive. */
  expiresOn: IsoDate.nullable().default(null),
});
export type NewsCreateInput = z.infer<typeof NewsCreateSchema>;

/**
 * Changing a news (« Modifier »): the whole news again, without its school. Before publication everything may
 * change; once published its publication date stays, new readers of a wider audience are notified, and
 * `notifyReaders` tells everyone else that it changed (« Prévenir les lecteurs de la modification »).
 */
export const NewsUpdateSchema = NewsCreateSchema.omit({ schoolId: true }).extend({
  notifyReaders: z.boolean().default(false),
});
export type NewsUpdateInput = z.infer<typeof NewsUpdateSchema>;

/** The audience with names, for the reader's app to word in its language. */
export const AudienceOutSchema = z.object({
  publics: z.array(z.enum(NEWS_PUBLICS)),
  sites: z.array(z.object({ id: z.string(), name: z.string() })),
  levels: z.array(z.string()),
  classes: z.array(z.object({ id: z.string(), code: z.string(), label: z.string() })),
});

export const AttachmentSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});

export const NewsSummarySchema = z.object({
  id: z.string(),
  schoolId: z.string(),
  title: z.string(),
  preview: z.string(),
  author: z.object({ id: z.string(), firstName: z.string(), lastName: z.string() }).nullable(),
  audience: AudienceOutSchema,
  pinned: z.boolean(),
  ackRequired: z.boolean(),
  publishAt: z.string(),
  expiresOn: z.string().nullable(),
  /** For readers always 'published'; publishers also see the planned and expired ones of their school. */
  status: z.enum(['scheduled', 'published', 'expired']),
  /** Whether the reader is in the audience (a publisher may see news that are not addressed to them). */
  addressed: z.boolean(),
  openedAt: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  attachmentCount: z.number().int(),
  /** When it was changed after its publication, else null. */
  editedAt: z.string().nullable(),
  /** The last « Relancer », for those who may see the receipts; null otherwise. */
  remindedAt: z.string().nullable(),
  abilities: z.object({ receipts: z.boolean(), delete: z.boolean(), edit: z.boolean() }),
});
export type NewsSummary = z.infer<typeof NewsSummarySchema>;

export const NewsListSchema = z.object({ items: z.array(NewsSummarySchema), unread: z.number().int() });

export const NewsSchema = NewsSummarySchema.extend({
  bodyHtml: z.string(),
  attachments: z.array(AttachmentSchema),
});

export const UnreadCountSchema = z.object({ count: z.number().int() });
export const OkSchema = z.object({ ok: z.literal(true) });
export const ReadSchema = z.object({ openedAt: z.string(), confirmedAt: z.string().nullable() });

export const AudienceOptionsSchema = z.object({
  sites: z.array(z.object({ id: z.string(), name: z.string() })),
  levels: z.array(z.string()),
  classes: z.array(z.object({ id: z.string(), code: z.string(), label: z.string(), level: z.string() })),
});

const PersonRef = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });

/** Why a guardian may not have received a news: no account yet, never signed in, no e-mail address. */
export const REACH_ISSUES = ['not_activated', 'never_signed_in', 'no_email'] as const;

export const ReceiptGuardianSchema = PersonRef.extend({
  responsibility: z.enum(['legal1', 'legal2', 'contact']),
  status: z.enum(['confirmed', 'opened', 'none']),
  openedAt: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  issues: z.array(z.enum(REACH_ISSUES)),
  /** Only in the list of families not reached, to call them. */
  phone: z.string().nullable(),
});

export const ReceiptFamilySchema = z.object({
  pupil: PersonRef,
  class: z.object({ id: z.string(), code: z.string(), label: z.string() }),
  guardians: z.array(ReceiptGuardianSchema),
});

export const ReceiptsSchema = z.object({
  news: z.object({
    id: z.string(),
    title: z.string(),
    ackRequired: z.boolean(),
    publishAt: z.string(),
    status: z.enum(['scheduled', 'published', 'expired']),
    /** The last « Relancer », and when the next one is possible (one a day); null when none was sent. */
    remindedAt: z.string().nullable(),
    nextReminderAt: z.string().nullable(),
  }),
  /** Families (pupils) in the audience, and how many have a guardian who confirmed, only opened, did nothing. */
  totals: z.object({
    families: z.number().int(),
    confirmed: z.number().int(),
    opened: z.number().int(),
    none: z.number().int(),
  }),
  classes: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      label: z.string(),
      totals: z.object({
        families: z.number().int(),
        confirmed: z.number().int(),
        opened: z.number().int(),
        none: z.number().int(),
      }),
      families: z.array(ReceiptFamilySchema),
    }),
  ),
  /** « Familles non touchées »: no guardian confirmed (or opened) and none could be reached. */
  unreached: z.array(ReceiptFamilySchema),
});
export type Receipts = z.infer<typeof ReceiptsSchema>;

/** « Relancer »: how many people were reminded. */
export const ReminderSchema = z.object({ reminded: z.number().int(), remindedAt: z.string() });

export const FileSchema = z.unknown().describe('the file, as a download');

/** Attachments: at most 5 per news, 5 MB each, of the cahier de textes' accepted types. */
export const MAX_NEWS_ATTACHMENTS = 5;
