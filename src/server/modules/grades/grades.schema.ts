import { z } from 'zod';
import { IsoDate } from '../../lib/dates.ts';
import { GRADE_CODES, toCenti } from './grades.calc.ts';
import { SKILL_CODES } from './grades.skills.ts';

const Id = z.string().min(1).max(64);
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected a time HH:MM');
/** A figure formatted for display from its exact value, with a dot and two decimals ("12.35"); null when none. */
const Figure = z.string().nullable();

export const GradeCodeSchema = z.enum(GRADE_CODES as ['ABS', 'DISP', 'NN', 'NR']);
export const SkillCodeSchema = z.enum(SKILL_CODES);
export const ASSESSMENT_KINDS = [
  'devoir_surveille',
  'interrogation',
  'devoir_maison',
  'oral',
  'tp',
  'evaluation_competences',
  'autre',
] as const;

// ---------------------------------------------------------------------------------------------- params

export const SchoolParamsSchema = z.strictObject({ schoolId: Id });
export const IdParamsSchema = z.strictObject({ id: Id });
export const PupilParamsSchema = z.strictObject({ pupilId: Id });
export const PeriodQuerySchema = z.strictObject({ periodId: Id.optional() });

/** A teaching service: a class or a group, a subject, a period. */
export const GradebookQuerySchema = z
  .strictObject({ classId: Id.optional(), groupId: Id.optional(), subjectId: Id, periodId: Id })
  .refine((q) => (q.classId === undefined) !== (q.groupId === undefined), 'Give exactly one of classId or groupId');
export type GradebookQuery = z.infer<typeof GradebookQuerySchema>;

// ---------------------------------------------------------------------------------------------- settings

const CodeRule = z.enum(['excluded', 'zero']);
export const GradeSettingsSchema = z.strictObject({
  /** How each code counts in averages. */
  codeRules: z.strictObject({ ABS: CodeRule, DISP: CodeRule, NN: CodeRule, NR: CodeRule }),
  /** Ranks are shown only when the school turns them on. */
  ranksEnabled: z.boolean(),
  /** Guardians see grades this many hours after the pupils (0: at the same time). */
  guardianDelayHours: z.number().int().min(0).max(168),
  /** No publication during these Paris hours (e.g. 20:00 → 07:00): grades due then appear at the end of it. */
  quietHours: z.strictObject({ from: Time, to: Time }).nullable(),
  /** Subject coefficients for the general average (subject id → coefficient); 1 when absent. */
  subjectCoefficients: z.record(
    Id,
    z
      .number()
      .min(0.01)
      .max(100)
      .refine((v) => toCenti(v) !== null, 'At most two decimals'),
  ),
});
export type GradeSettings = z.infer<typeof GradeSettingsSchema>;

// ---------------------------------------------------------------------------------------------- teacher's services

const PeriodSchema = z.object({ id: z.string(), label: z.string(), startsOn: z.string(), endsOn: z.string() });
const TargetSchema = z.object({
  kind: z.enum(['class', 'group']),
  id: z.string(),
  code: z.string(),
  label: z.string(),
});
const SubjectRefSchema = z.object({ id: z.string(), code: z.string(), label: z.string() });

export const ServicesSchema = z.object({
  periods: z.array(PeriodSchema),
  /** The period containing today (or the nearest one). */
  currentPeriodId: z.string().nullable(),
  services: z.array(z.object({ target: TargetSchema, subject: SubjectRefSchema })),
});

// ---------------------------------------------------------------------------------------------- assessments

const Coefficient = z.number().positive().max(100);
export const AssessmentInputSchema = z
  .strictObject({
    classId: Id.optional(),
    groupId: Id.optional(),
    subjectId: Id,
    periodId: Id,
    title: z.string().trim().min(1).max(200),
    kind: z.enum(ASSESSMENT_KINDS).default('devoir_surveille'),
    date: IsoDate,
    scale: z.number().int().min(1).max(1000).default(20),
    coefficient: Coefficient.default(1),
    description: z.string().trim().max(4000).nullable().default(null),
    /** When pupils may see the grades (ISO instant); now when omitted. Guardians follow the school's delay. */
    publishAt: z.iso.datetime({ offset: true }).nullable().default(null),
    skills: z.array(SkillCodeSchema).max(8).default([]),
  })
  .refine((q) => (q.classId === undefined) !== (q.groupId === undefined), 'Give exactly one of classId or groupId');
export type AssessmentInput = z.infer<typeof AssessmentInputSchema>;

export const AssessmentPatchSchema = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  kind: z.enum(ASSESSMENT_KINDS).optional(),
  date: IsoDate.optional(),
  scale: z.number().int().min(1).max(1000).optional(),
  coefficient: Coefficient.optional(),
  description: z.string().trim().max(4000).nullable().optional(),
  publishAt: z.iso.datetime({ offset: true }).optional(),
  skills: z.array(SkillCodeSchema).max(8).optional(),
});
export type AssessmentPatch = z.infer<typeof AssessmentPatchSchema>;

const StatsSchema = z.object({ average: Figure, min: Figure, max: Figure, count: z.number().int() });

export const AssessmentSchema = z.object({
  id: z.string(),
  periodId: z.string(),
  subjectId: z.string(),
  classId: z.string().nullable(),
  groupId: z.string().nullable(),
  teacher: z.object({ id: z.string(), firstName: z.string(), lastName: z.string() }),
  title: z.string(),
  kind: z.string(),
  date: z.string(),
  scale: z.number().int(),
  coefficient: z.number(),
  description: z.string().nullable(),
  pupilsPublishAt: z.string(),
  guardiansPublishAt: z.string(),
  skills: z.array(z.string()),
  /** The caller may edit it (its own assessment). */
  mine: z.boolean(),
  /** On the assessment's own scale. */
  stats: StatsSchema,
});
export type AssessmentDto = z.infer<typeof AssessmentSchema>;

export const GradeEntrySchema = z.object({
  pupilId: z.string(),
  /** The grade on the assessment's scale, up to two decimals; null with a code, or to clear. */
  value: z.number().nullable(),
  code: GradeCodeSchema.nullable(),
  comment: z.string().nullable(),
});

export const GradesInputSchema = z.strictObject({
  grades: z
    .array(
      z.strictObject({
        pupilId: Id,
        value: z.number().min(0).nullable().default(null),
        code: GradeCodeSchema.nullable().default(null),
        comment: z.string().trim().max(500).nullable().default(null),
      }),
    )
    .min(1)
    .max(200),
});
export type GradesInput = z.infer<typeof GradesInputSchema>;

export const SkillResultsInputSchema = z.strictObject({
  results: z
    .array(
      z.strictObject({
        pupilId: Id,
        component: SkillCodeSchema,
        /** null clears the result. */
        level: z.number().int().min(1).max(4).nullable(),
      }),
    )
    .min(1)
    .max(1600),
});
export type SkillResultsInput = z.infer<typeof SkillResultsInputSchema>;

const PupilRef = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });

export const AssessmentDetailSchema = z.object({
  assessment: AssessmentSchema,
  pupils: z.array(PupilRef),
  grades: z.array(GradeEntrySchema),
  skillResults: z.array(z.object({ pupilId: z.string(), component: z.string(), level: z.number().int() })),
});

export const GradebookSchema = z.object({
  target: TargetSchema,
  subject: SubjectRefSchema,
  period: PeriodSchema,
  /** The caller teaches this service: may create assessments in it. */
  canCreate: z.boolean(),
  pupils: z.array(PupilRef),
  assessments: z.array(AssessmentSchema),
  grades: z.array(GradeEntrySchema.extend({ assessmentId: z.string() })),
  /** Each pupil's average in the subject over these assessments, on /20. */
  averages: z.array(z.object({ pupilId: z.string(), average: Figure })),
  classStats: StatsSchema,
});

// ---------------------------------------------------------------------------------------------- a pupil's grades

export const PupilGradesSchema = z.object({
  pupil: PupilRef,
  period: PeriodSchema,
  periods: z.array(PeriodSchema),
  ranksEnabled: z.boolean(),
  subjects: z.array(
    z.object({
      subjectId: z.string(),
      subject: z.string(),
      coefficient: z.number(),
      teachers: z.array(z.string()),
      average: Figure,
      classAverage: Figure,
      classMin: Figure,
      classMax: Figure,
      rank: z.number().int().nullable(),
      assessments: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          kind: z.string(),
          date: z.string(),
          scale: z.number().int(),
          coefficient: z.number(),
          value: z.number().nullable(),
          code: GradeCodeSchema.nullable(),
          comment: z.string().nullable(),
          classAverage: Figure,
          classMin: Figure,
          classMax: Figure,
        }),
      ),
    }),
  ),
  general: z.object({
    average: Figure,
    classAverage: Figure,
    classMin: Figure,
    classMax: Figure,
    rank: z.number().int().nullable(),
  }),
  skills: z.array(
    z.object({
      component: z.string(),
      label: z.string(),
      level: z.number().int().nullable(),
      results: z.array(z.object({ assessmentId: z.string(), title: z.string(), date: z.string(), level: z.number() })),
    }),
  ),
});

export const OkSchema = z.object({ ok: z.literal(true) });

/** The school's subjects, for the settings page (subject coefficients). */
export const SubjectListSchema = z.object({
  subjects: z.array(z.object({ id: z.string(), code: z.string(), label: z.string() })),
});
