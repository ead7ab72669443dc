import { z } from 'zod';
import { IsoDate } from '../../lib/dates.ts';
import { AudienceOutSchema, AudienceSchema } from '../news/news.schema.ts';

const Id = z.string().min(1).max(64);
const ShortId = z.string().regex(/^[a-z0-9_-]{1,32}$/i);

export const IdParamsSchema = z.strictObject({ id: Id });
export const SchoolQuerySchema = z.strictObject({ schoolId: Id });

export const QUESTION_KINDS = ['single', 'multiple', 'scale', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const OptionSchema = z.strictObject({ id: ShortId, label: z.string().trim().min(1).max(200) });

/**
 * A question. Choices have 2 to 12 options; a scale goes from 1 to 5; `showIf` shows it only when an earlier choice
 * question was answered with that option.
 */
export const QuestionSchema = z.strictObject({
  id: ShortId,
  kind: z.enum(QUESTION_KINDS),
  label: z.string().trim().min(1).max(500),
  required: z.boolean().default(false),
  options: z.array(OptionSchema).max(12).default([]),
  showIf: z.strictObject({ questionId: ShortId, optionId: ShortId }).nullable().default(null),
});
export type Question = z.infer<typeof QuestionSchema>;

export const QuestionnaireCreateSchema = z.strictObject({
  schoolId: Id,
  title: z.string().trim().min(1).max(200),
  intro: z.string().trim().max(5000).default(''),
  questions: z.array(QuestionSchema).min(1).max(50),
  audience: AudienceSchema,
  anonymous: z.boolean(),
  /** First and last day of answers (Europe/Paris), inclusive. */
  opensOn: IsoDate,
  closesOn: IsoDate,
});
export type QuestionnaireCreateInput = z.infer<typeof QuestionnaireCreateSchema>;

/**
 * Changes to a questionnaire, each field optional. A draft takes any of them; once published only `closesOn` may
 * move, and only later (QUESTIONNAIRE_FROZEN otherwise).
 */
export const QuestionnaireUpdateSchema = QuestionnaireCreateSchema.omit({ schoolId: true })
  .extend({ intro: z.string().trim().max(5000) })
  .partial()
  .refine((o) => Object.keys(o).length > 0, 'Nothing to change');
export type QuestionnaireUpdateInput = z.infer<typeof QuestionnaireUpdateSchema>;

/** One answer: an option id (single), option ids (multiple), 1..5 (scale) or a text. */
export const AnswerValueSchema = z.union([
  z.string().max(2000),
  z.array(ShortId).max(12),
  z.number().int().min(1).max(5),
]);
export const AnswersSchema = z.strictObject({ answers: z.record(ShortId, AnswerValueSchema) });
export type Answers = z.infer<typeof AnswersSchema>['answers'];

export const QuestionnaireStatusSchema = z.enum(['draft', 'published', 'closed']);

export const QuestionnaireSchema = z.object({
  id: z.string(),
  schoolId: z.string(),
  title: z.string(),
  intro: z.string(),
  questions: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(QUESTION_KINDS),
      label: z.string(),
      required: z.boolean(),
      options: z.array(z.object({ id: z.string(), label: z.string() })),
      showIf: z.object({ questionId: z.string(), optionId: z.string() }).nullable(),
    }),
  ),
  audience: AudienceOutSchema,
  anonymous: z.boolean(),
  status: QuestionnaireStatusSchema,
  opensOn: z.string(),
  closesOn: z.string(),
  /** Published and within its dates today. */
  open: z.boolean(),
  /** For a respondent: whether they have answered. */
  answered: z.boolean(),
  /** For the direction: how many have answered. */
  respondents: z.number().int().nullable(),
  /** For the direction: when those who had not answered were last reminded, and when the next reminder may go. */
  remindedAt: z.string().nullable(),
  nextReminderAt: z.string().nullable(),
  abilities: z.object({
    manage: z.boolean(),
    answer: z.boolean(),
    /** Change everything (a draft) or only extend the closing date (published). */
    edit: z.enum(['all', 'closesOn', 'none']),
    delete: z.boolean(),
    remind: z.boolean(),
  }),
});
export type QuestionnaireOut = z.infer<typeof QuestionnaireSchema>;

export const QuestionnaireListSchema = z.object({ items: z.array(QuestionnaireSchema) });

export const TemplateSchema = z.object({
  key: z.string(),
  title: z.string(),
  intro: z.string(),
  anonymous: z.boolean(),
  audience: z.object({ publics: z.array(z.enum(['guardians', 'pupils', 'staff'])) }),
  questions: QuestionnaireSchema.shape.questions,
});
export const TemplateListSchema = z.object({ items: z.array(TemplateSchema) });

/** A count, or null when hidden by the minimum-count rule (fewer than 5 answers). */
const Count = z.number().int().nullable();

export const QuestionResultSchema = z.object({
  questionId: z.string(),
  kind: z.enum(QUESTION_KINDS),
  label: z.string(),
  /** How many answered this question; null when fewer than 5. */
  answered: Count,
  options: z.array(z.object({ id: z.string(), label: z.string(), count: Count })),
  /** The scale's average, null when hidden or no answer. */
  average: z.number().nullable(),
  /** Free texts: in no particular order for anonymous questionnaires (sorted alphabetically). */
  texts: z.array(z.string()),
});

export const ResultsSchema = z.object({
  questionnaire: QuestionnaireSchema,
  /** Below this, a count is hidden. */
  minimumCount: z.number().int(),
  respondents: z.number().int(),
  questions: z.array(QuestionResultSchema),
});
export type Results = z.infer<typeof ResultsSchema>;

/** A reminder sent: how many people it went to (never who). */
export const ReminderSchema = z.object({
  reminded: z.number().int(),
  remindedAt: z.string(),
  nextReminderAt: z.string(),
});

export const FileSchema = z.unknown().describe('the file, as a download');
