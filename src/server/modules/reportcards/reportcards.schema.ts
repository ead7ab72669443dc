import { z } from 'zod';
import { CouncilDecisionSchema, ReportCardSnapshotSchema } from './reportcards.snapshot.ts';

const Id = z.string().min(1).max(64);
const Version = z.number().int().min(1);

export const ClassPeriodParamsSchema = z.strictObject({ classId: Id, periodId: Id });
export const IdParamsSchema = z.strictObject({ id: Id });
export const PupilParamsSchema = z.strictObject({ pupilId: Id });
export const PdfQuerySchema = z.strictObject({ pupilId: Id.optional() });

export const AppreciationInputSchema = z.strictObject({
  periodId: Id,
  pupilId: Id,
  subjectId: Id,
  /** An empty text removes the appreciation (it counts as missing again). */
  text: z.string().trim().max(1000),
  /** The version read (null when there was none): a stale version gets 409 CONFLICT. */
  version: Version.nullable(),
});
export type AppreciationInput = z.infer<typeof AppreciationInputSchema>;

export const CouncilInputSchema = z.strictObject({
  periodId: Id,
  pupilId: Id,
  generalAppreciation: z.string().trim().max(1500),
  decision: CouncilDecisionSchema.nullable(),
  version: Version.nullable(),
});
export type CouncilInput = z.infer<typeof CouncilInputSchema>;

export const PublishInputSchema = z.strictObject({
  /** When families may read them (ISO instant); now when omitted. */
  publishAt: z.iso.datetime({ offset: true }).nullable().default(null),
});

const PersonName = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });
const PeriodSchema = z.object({ id: z.string(), label: z.string(), startsOn: z.string(), endsOn: z.string() });

export const ClassOverviewSchema = z.object({
  class: z.object({ id: z.string(), code: z.string(), label: z.string() }),
  period: PeriodSchema,
  periods: z.array(PeriodSchema),
  /** What the caller may do here. */
  can: z.object({ council: z.boolean(), publish: z.boolean(), seeAll: z.boolean() }),
  subjects: z.array(
    z.object({
      subjectId: z.string(),
      subject: z.string(),
      teachers: z.array(PersonName),
      /** The caller teaches it: writes its appreciations. */
      mine: z.boolean(),
      /** Pupils taught this subject who have no appreciation yet. */
      missing: z.number().int(),
      expected: z.number().int(),
    }),
  ),
  pupils: z.array(PersonName.extend({ average: z.string().nullable() })),
  /** One per pupil × subject taught to them (only the caller's subjects for a teacher who is not principal). */
  cells: z.array(
    z.object({
      pupilId: z.string(),
      subjectId: z.string(),
      average: z.string().nullable(),
      appreciation: z.string().nullable(),
      version: z.number().int().nullable(),
    }),
  ),
  council: z.array(
    z.object({
      pupilId: z.string(),
      generalAppreciation: z.string(),
      decision: CouncilDecisionSchema.nullable(),
      version: z.number().int(),
    }),
  ),
  publication: z
    .object({ publishAt: z.string(), count: z.number().int(), readByGuardians: z.number().int() })
    .nullable(),
});

export const AppreciationSchema = z.object({
  pupilId: z.string(),
  subjectId: z.string(),
  appreciation: z.string().nullable(),
  version: z.number().int().nullable(),
});

export const CouncilSchema = z.object({
  pupilId: z.string(),
  generalAppreciation: z.string(),
  decision: CouncilDecisionSchema.nullable(),
  version: z.number().int(),
});

export const PublishResultSchema = z.object({ count: z.number().int(), publishAt: z.string() });

export const ReadsSchema = z.object({
  pupils: z.array(
    PersonName.extend({
      reportCardId: z.string().nullable(),
      guardians: z.array(PersonName.extend({ readAt: z.string().nullable() })),
    }),
  ),
});

export const ReportCardListSchema = z.object({
  reportCards: z.array(
    z.object({
      id: z.string(),
      period: PeriodSchema,
      className: z.string(),
      publishAt: z.string(),
      /** The class as people say it ("3e C"); `className` is its code ("3C"). */
      classLabel: z.string(),
      /** When the caller first opened it; null if never. */
      readAt: z.string().nullable(),
      /** Its school year ("2026-2027"): families keep last years' cards after the rollover. */
      schoolYear: z.string(),
    }),
  ),
});

export const ReportCardSchema = z.object({
  id: z.string(),
  publishAt: z.string(),
  snapshot: ReportCardSnapshotSchema,
});

export const FileSchema = z.any();

export const SchoolParamsSchema = z.strictObject({ schoolId: Id });

/** The classes whose report cards the caller may open this school year, and the year's periods. */
export const StaffClassListSchema = z.object({
  classes: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      label: z.string(),
      /** direction: council and publication; principal: council; staff: reads all (CPE); teacher: their subjects. */
      role: z.enum(['direction', 'principal', 'staff', 'teacher']),
      /** "6e", "5e"…: the list is shown by level. */
      level: z.string(),
      /** When the current period's report cards were first published; null when they are not. */
      publishedAt: z.string().nullable(),
      /** Appreciations still missing in the current period (cheap count), for the principal and direction. */
      missingAppreciations: z.number().int().nullable(),
    }),
  ),
  periods: z.array(PeriodSchema),
  /** The period in course today, else the last one started, else the first. */
  currentPeriodId: z.string().nullable(),
});
