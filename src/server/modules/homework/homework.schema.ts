import { z } from 'zod';
import { IsoDate } from '../../lib/dates.ts';

const Id = z.string().min(1).max(64);

/** Limits that keep one cahier entry reasonable; the route body limit (64 KB) stops anything larger. */
export const MAX_CONTENT_CHARS = 20_000;
export const MAX_INSTRUCTIONS_CHARS = 10_000;
export const MAX_LINKS = 20;
export const MAX_MINUTES = 600;

export const STATUSES = ['draft', 'published'] as const;
const Status = z.enum(STATUSES);

/** http(s) only: a `javascript:` or `data:` link would run in the web app's origin. */
export const isHttpUrl = (value: string): boolean => {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
};

export const LinkSchema = z.strictObject({
  label: z.string().trim().min(1).max(200),
  url: z.string().trim().max(2000).refine(isHttpUrl, 'Expected an http:// or https:// address'),
});
export type Link = z.infer<typeof LinkSchema>;

// ---------------------------------------------------------------------------------------------- params

export const SessionParamsSchema = z.strictObject({ courseId: Id, date: IsoDate });
export const ExtraSessionParamsSchema = z.strictObject({ extraSessionId: Id });
export const HomeworkParamsSchema = z.strictObject({ id: Id });
export const AttachmentParamsSchema = z.strictObject({ id: Id, attachmentId: Id });
export const AttachmentQuerySchema = z.strictObject({ fileName: z.string().trim().min(1).max(200) });
export const PupilParamsSchema = z.strictObject({ pupilId: Id });
export const ClassParamsSchema = z.strictObject({ classId: Id });
export const SchoolParamsSchema = z.strictObject({ schoolId: Id });

export const RangeQuerySchema = z.strictObject({ from: IsoDate.optional(), to: IsoDate.optional() });
export type RangeQuery = z.infer<typeof RangeQuerySchema>;

// ---------------------------------------------------------------------------------------------- inputs

export const SessionContentInputSchema = z.strictObject({
  content: z.string().trim().min(1).max(MAX_CONTENT_CHARS),
  status: Status,
});
export type SessionContentInput = z.infer<typeof SessionContentInputSchema>;

/** Whether pupils hand their work in through Préau, until when (on the due date, Europe/Paris) and after it. */
export const HAND_IN_LATE_POLICIES = ['accept', 'refuse'] as const;
export const HandInSettingsSchema = z.strictObject({
  required: z.boolean(),
  /** accept: taken and marked late; refuse: closed at the deadline. */
  latePolicy: z.enum(HAND_IN_LATE_POLICIES).default('accept'),
  dueTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected HH:MM')
    .default('08:00'),
});
export type HandInSettings = z.infer<typeof HandInSettingsSchema>;

const HomeworkFields = {
  dueDate: IsoDate,
  instructions: z.string().trim().min(1).max(MAX_INSTRUCTIONS_CHARS),
  estimatedMinutes: z.number().int().min(0).max(MAX_MINUTES),
  links: z.array(LinkSchema).max(MAX_LINKS).default([]),
  status: Status,
  handIn: HandInSettingsSchema.optional(),
  /** A document of the class's (or group's) space that pupils open from the homework (docs/documents.md). */
  documentId: Id.nullable().optional(),
};

/**
 * Homework set in a session (`courseId` + `sessionDate`, or `extraSessionId`: the audience and subject come
 * from the course), or outside any session (`classId` and/or `groupId`, and `subjectId`).
 */
export const HomeworkCreateSchema = z.strictObject({
  courseId: Id.optional(),
  sessionDate: IsoDate.optional(),
  extraSessionId: Id.optional(),
  classId: Id.optional(),
  groupId: Id.optional(),
  subjectId: Id.optional(),
  ...HomeworkFields,
});
export type HomeworkCreateInput = z.infer<typeof HomeworkCreateSchema>;

export const HomeworkPatchSchema = z.strictObject({
  dueDate: HomeworkFields.dueDate.optional(),
  instructions: HomeworkFields.instructions.optional(),
  estimatedMinutes: HomeworkFields.estimatedMinutes.optional(),
  links: z.array(LinkSchema).max(MAX_LINKS).optional(),
  status: Status.optional(),
  handIn: HandInSettingsSchema.optional(),
  documentId: Id.nullable().optional(),
});
export type HomeworkPatchInput = z.infer<typeof HomeworkPatchSchema>;

export const WorkloadQuerySchema = z.strictObject({
  classId: Id.optional(),
  groupId: Id.optional(),
  dueDate: IsoDate,
  minutes: z.coerce.number().int().min(0).max(MAX_MINUTES).default(0),
  /** When editing: leave this homework out of what is already due. */
  excludeId: Id.optional(),
});
export type WorkloadQuery = z.infer<typeof WorkloadQuerySchema>;

export const WorkloadSettingsSchema = z.strictObject({
  minutesPerDay: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  minutesPerWeek: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60),
});
export type WorkloadSettings = z.infer<typeof WorkloadSettingsSchema>;

// --------------------------------------------------------------------------------------------- outputs

const PersonRef = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });
const Ref = z.object({ id: z.string(), code: z.string(), label: z.string() });

export const AttachmentSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  createdAt: z.string(),
});

export const HomeworkSchema = z.object({
  id: z.string(),
  schoolId: z.string(),
  /** Where it was set; null for homework set outside a session. */
  session: z
    .object({ key: z.string(), courseId: z.string(), date: z.string(), extraSessionId: z.string().nullable() })
    .nullable(),
  class: Ref.nullable(),
  group: Ref.nullable(),
  subject: Ref,
  dueDate: z.string(),
  instructions: z.string(),
  estimatedMinutes: z.number().int(),
  links: z.array(z.object({ label: z.string(), url: z.string() })),
  /** Download each at `/api/homework/:id/attachments/:attachmentId`. */
  attachments: z.array(AttachmentSchema),
  /** Null when pupils do not hand their work in through Préau; `dueAt` is the deadline as an instant. */
  handIn: z.object({ latePolicy: z.enum(HAND_IN_LATE_POLICIES), dueTime: z.string(), dueAt: z.string() }).nullable(),
  /** The linked document of the class's space: open it at `/api/documents/files/:id/content`. */
  document: z.object({ id: z.string(), name: z.string() }).nullable(),
  status: Status,
  author: PersonRef.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  abilities: z.object({ edit: z.boolean(), delete: z.boolean() }),
});
export type Homework = z.infer<typeof HomeworkSchema>;

export const PupilHomeworkSchema = HomeworkSchema.extend({
  done: z.boolean(),
  doneAt: z.string().nullable(),
  abilities: z.object({ edit: z.boolean(), delete: z.boolean(), tick: z.boolean() }),
});

export const PupilHomeworkListSchema = z.object({
  pupil: PersonRef,
  from: z.string(),
  to: z.string(),
  items: z.array(PupilHomeworkSchema),
});

const WorkloadItem = z.object({
  id: z.string(),
  dueDate: z.string(),
  estimatedMinutes: z.number().int(),
  subject: Ref,
  class: Ref.nullable(),
  group: Ref.nullable(),
  instructions: z.string(),
});

export const WorkloadSchema = z.object({
  dueDate: z.string(),
  minutes: z.number().int(),
  thresholds: WorkloadSettingsSchema,
  /** What is already due that day, and that ISO week (Monday to Sunday), published homework only. */
  day: z.object({ date: z.string(), minutes: z.number().int(), items: z.array(WorkloadItem) }),
  week: z.object({ from: z.string(), to: z.string(), minutes: z.number().int(), items: z.array(WorkloadItem) }),
  /** With the new homework's minutes. */
  totals: z.object({ day: z.number().int(), week: z.number().int() }),
  exceeds: z.object({ day: z.boolean(), week: z.boolean() }),
  warning: z.boolean(),
});
export type Workload = z.infer<typeof WorkloadSchema>;

export const HomeworkWithWorkloadSchema = z.object({ homework: HomeworkSchema, workload: WorkloadSchema });

export const SessionContentSchema = z.object({
  content: z.string(),
  status: Status,
  author: PersonRef.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
});

export const CahierSessionSchema = z.object({
  session: z.object({
    key: z.string(),
    courseId: z.string(),
    /** The date it was planned on (its identity). */
    plannedDate: z.string(),
    /** Where and when it takes place (after a move). */
    date: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    extraSessionId: z.string().nullable(),
    subject: Ref,
    class: Ref.nullable(),
    groups: z.array(Ref),
    teachers: z.array(PersonRef),
    cancelled: z.boolean(),
  }),
  content: SessionContentSchema.nullable(),
  homework: z.array(HomeworkSchema),
  abilities: z.object({ write: z.boolean() }),
});

export const ClassCahierSchema = z.object({
  class: Ref,
  from: z.string(),
  to: z.string(),
  days: z.array(
    z.object({
      date: z.string(),
      contents: z.array(
        SessionContentSchema.extend({
          sessionKey: z.string(),
          courseId: z.string(),
          extraSessionId: z.string().nullable(),
          subject: Ref,
        }),
      ),
      homeworkDue: z.array(HomeworkSchema),
    }),
  ),
});

export const DoneSchema = z.object({ homeworkId: z.string(), done: z.boolean(), doneAt: z.string().nullable() });

export const OkSchema = z.object({ ok: z.literal(true) });

/** Attachments: at most 5 MB each, 10 per homework, of the kinds a collège uses. */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;
export const ATTACHMENT_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/plain',
  'audio/mpeg',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
] as const;

export const FileSchema = z.unknown().describe('the attachment, as a download');
