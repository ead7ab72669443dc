import { z } from 'zod';

/**
 * A report card as published: everything the family reads and the PDF prints, frozen at publication. Figures are
 * already formatted for display ("12,35", French decimal comma; rounding happens once, here, from exact values —
 * docs/grades.md). Stored as JSON in report_cards.snapshot and never recomputed.
 */
export const COUNCIL_DECISIONS = [
  'felicitations',
  'compliments',
  'encouragements',
  'mise_en_garde_travail',
  'mise_en_garde_comportement',
] as const;
export const CouncilDecisionSchema = z.enum(COUNCIL_DECISIONS);

/** How a decision reads on a report card. */
export const COUNCIL_DECISION_LABELS: Record<(typeof COUNCIL_DECISIONS)[number], string> = {
  felicitations: 'Félicitations',
  compliments: 'Compliments',
  encouragements: 'Encouragements',
  mise_en_garde_travail: 'Mise en garde (travail)',
  mise_en_garde_comportement: 'Mise en garde (comportement)',
};

export const ReportCardSubjectSchema = z.object({
  subjectId: z.string(),
  subject: z.string(),
  /** "Mme Martin, M. Durand" */
  teachers: z.array(z.string()),
  coefficient: z.string(),
  /** The pupil's average on /20, formatted, or null (no grade that counts). */
  average: z.string().nullable(),
  classAverage: z.string().nullable(),
  classMin: z.string().nullable(),
  classMax: z.string().nullable(),
  /** Only when the school enables ranks. */
  rank: z.number().int().nullable(),
  appreciation: z.string(),
});

export const ReportCardSnapshotSchema = z.object({
  version: z.literal(1),
  school: z.object({ name: z.string(), uai: z.string(), town: z.string(), academie: z.string() }),
  year: z.string(),
  period: z.object({ id: z.string(), label: z.string(), startsOn: z.string(), endsOn: z.string() }),
  pupil: z.object({ id: z.string(), firstName: z.string(), lastName: z.string(), birthDate: z.string().nullable() }),
  class: z.object({ id: z.string(), code: z.string(), label: z.string(), pupilCount: z.number().int() }),
  principalTeachers: z.array(z.string()),
  /** The head of school who signs (absent from report cards published before the signature block). */
  principal: z.object({ name: z.string() }).nullable().optional(),
  subjects: z.array(ReportCardSubjectSchema),
  general: z.object({
    average: z.string().nullable(),
    classAverage: z.string().nullable(),
    classMin: z.string().nullable(),
    classMax: z.string().nullable(),
    rank: z.number().int().nullable(),
  }),
  /** From vie scolaire, over the period. */
  attendance: z.object({
    absenceHalfDays: z.number().int(),
    unjustifiedHalfDays: z.number().int(),
    lateness: z.number().int(),
  }),
  skills: z.array(
    z.object({ component: z.string(), label: z.string(), level: z.number().int().min(1).max(4).nullable() }),
  ),
  council: z.object({
    generalAppreciation: z.string(),
    decision: CouncilDecisionSchema.nullable(),
  }),
  publishedAt: z.string(),
});
export type ReportCardSnapshot = z.infer<typeof ReportCardSnapshotSchema>;
