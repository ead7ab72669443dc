import { z } from 'zod';

const Id = z.string().min(1).max(64);

/** At most this many files per hand-in, each at most this big (a phone photo of a page is 2 to 5 MB). */
export const MAX_HAND_IN_FILES = 10;
export const MAX_HAND_IN_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_COMMENT_CHARS = 5_000;

export const HomeworkParamsSchema = z.strictObject({ id: Id });
export const HandInParamsSchema = z.strictObject({ id: Id, handInId: Id });
export const HandInFileParamsSchema = z.strictObject({ id: Id, handInId: Id, fileId: Id });
/** A guardian names the child; a pupil reads their own (pupilId omitted or their own id). */
export const HandInQuerySchema = z.strictObject({ pupilId: Id.optional() });

export const ReturnInputSchema = z
  .strictObject({
    comment: z.string().trim().max(MAX_COMMENT_CHARS).default(''),
    mark: z.number().min(0).max(1000).nullable().default(null),
    markOutOf: z.number().positive().max(1000).nullable().default(null),
  })
  .refine((v) => v.mark === null || (v.markOutOf !== null && v.mark <= v.markOutOf), {
    message: 'A mark needs markOutOf, and cannot be above it',
    path: ['mark'],
  });
export type ReturnInput = z.infer<typeof ReturnInputSchema>;

export const HAND_IN_STATUSES = ['not_handed_in', 'handed_in', 'late', 'returned'] as const;

const PersonRef = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });

export const HandInFileSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  scanned: z.boolean(),
});

export const FeedbackSchema = z.object({
  comment: z.string(),
  mark: z.number().nullable(),
  markOutOf: z.number().nullable(),
  returnedAt: z.string(),
  returnedBy: PersonRef.nullable(),
});

/** One pupil's hand-in, as the pupil, a guardian (no files) or the teacher sees it. */
export const HandInSchema = z.object({
  id: z.string().nullable(),
  homeworkId: z.string(),
  pupil: PersonRef,
  status: z.enum(HAND_IN_STATUSES),
  handedInAt: z.string().nullable(),
  late: z.boolean(),
  /** Null for guardians: they see the status and the feedback, not the work. */
  files: z.array(HandInFileSchema).nullable(),
  feedback: FeedbackSchema.nullable(),
});

export const MyHandInSchema = z.object({
  homework: z.object({
    id: z.string(),
    /** The pupil's own deadline: later than the class's with extra time (tiers-temps). */
    dueAt: z.string(),
    /** A support plan gives this pupil a third more time. */
    extraTime: z.boolean(),
    latePolicy: z.enum(['accept', 'refuse']),
    subject: z.string(),
    instructions: z.string(),
  }),
  handIn: HandInSchema,
  abilities: z.object({ submit: z.boolean() }),
});

export const HandInListSchema = z.object({
  homework: MyHandInSchema.shape.homework.extend({
    dueDate: z.string(),
    audience: z.string(),
  }),
  counts: z.object({
    not_handed_in: z.number().int(),
    handed_in: z.number().int(),
    late: z.number().int(),
    returned: z.number().int(),
  }),
  items: z.array(HandInSchema),
});

export const FileSchema = z.unknown().describe('the handed-in file, as a download');
