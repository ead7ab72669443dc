import { z } from 'zod';

export const ImportSchoolParamsSchema = z.strictObject({ schoolId: z.string().min(1).max(64) });

const Flag = z.enum(['true', 'false', '1', '0']);
export const DirectoryImportQuerySchema = z.strictObject({
  dryRun: Flag.default('true'),
  /** Create the classes (and STS groups) the file names that the school does not have yet; otherwise an error. */
  createClasses: Flag.default('false'),
  /**
   * Let a file leave out more than the safety share of the people an earlier file imported (the year's rollover,
   * a school that really lost many pupils); otherwise such a file is refused (`too_many_leavers`).
   */
  allowMassLeave: Flag.default('false'),
});
export type DirectoryImportQuery = z.infer<typeof DirectoryImportQuerySchema>;

const ProblemSchema = z.object({
  /** The line of the file's element, when known. */
  line: z.number().nullable(),
  /** Stable: the web app words each code (`imports.directory.problems.<code>`) with `params`. */
  code: z.string(),
  params: z.record(z.string(), z.string()),
  /** The same in English, for API clients. */
  message: z.string(),
});

export const DirectoryImportItemSchema = z.object({
  kind: z.enum(['pupil', 'guardian', 'teacher', 'staff']),
  name: z.string(),
  /** The file's id for the person (INE or ELEVE_ID, PERSONNE_ID, INDIVIDU@ID). */
  ref: z.string(),
  /** The pupil's class code, when there is one. */
  class: z.string().nullable(),
  /** What changes for an updated person: name, birthDate, class, email, phone, address, profile. */
  changes: z.array(z.string()),
  /** Staff functions the import gives a new staff member (STS FONCTION: DIR, EDU, DOC). */
  functions: z.array(z.string()).optional(),
});
export type DirectoryImportItem = z.infer<typeof DirectoryImportItemSchema>;

export const DirectoryImportReportSchema = z.object({
  dryRun: z.boolean(),
  source: z.enum(['siecle', 'sts']),
  /** False when the file has errors: a real run then writes nothing. */
  applicable: z.boolean(),
  school: z.object({ uai: z.string().nullable(), year: z.number().nullable() }),
  counts: z.object({
    created: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    disabled: z.number(),
    absent: z.number(),
  }),
  created: z.array(DirectoryImportItemSchema),
  updated: z.array(DirectoryImportItemSchema),
  /** Pupils with a DATE_SORTIE: they leave on that day. */
  disabled: z.array(DirectoryImportItemSchema),
  /**
   * Leavers ("partants"): people an earlier file of the same source imported whom this complete file no longer
   * lists. Their account is disabled (or, when they are also elsewhere, only their place here ends).
   */
  absent: z.array(DirectoryImportItemSchema),
  /** Guardian–pupil links created, changed and removed (SIECLE; removed: those an earlier file gave). */
  links: z.object({ created: z.number(), updated: z.number(), removed: z.number() }),
  classesCreated: z.array(z.string()),
  subjectsCreated: z.array(z.string()),
  /** Teaching assignments (teacher × subject × class or group) created (STS). */
  assignmentsCreated: z.number(),
  errors: z.array(ProblemSchema),
  warnings: z.array(ProblemSchema),
});
export type DirectoryImportReport = z.infer<typeof DirectoryImportReportSchema>;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const RolloverQuerySchema = z.strictObject({
  dryRun: Flag.default('true'),
  /** Confirms that the 3e (and the pupils missing from the file) leave: the safety rule of leavers otherwise refuses. */
  allowMassLeave: Flag.default('false'),
  /**
   * The year the dry run showed (« 2026-2027 »); required to apply, so that applying twice, or after someone else
   * did, is refused instead of rolling the next year over too.
   */
  fromYear: z
    .string()
    .regex(/^\d{4}-\d{4}$/)
    .optional(),
  /** Next year's first and last days; by default 1 September and the present year's last day, a year later. */
  startsOn: IsoDate.optional(),
  endsOn: IsoDate.optional(),
});
export type RolloverQuery = z.infer<typeof RolloverQuerySchema>;

const YearSchema = z.object({ label: z.string(), startsOn: z.string(), endsOn: z.string() });

export const RolloverReportSchema = z.object({
  dryRun: z.boolean(),
  /** False when there are errors (or leavers to confirm): a real run then writes nothing. */
  applicable: z.boolean(),
  /** `siecle`: next year's SIECLE file gives classes and pupils; `promotion`: 6e → 5e … and the 3e leave. */
  source: z.enum(['siecle', 'promotion']),
  from: YearSchema,
  to: YearSchema,
  /** Next year's periods (the present year's, a year later). */
  periods: z.array(YearSchema),
  /** Next year's classes, with their pupils on the first day. */
  classes: z.array(z.object({ code: z.string(), level: z.string(), pupils: z.number() })),
  promoted: z.array(z.object({ name: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
  /** `third`: end of 3e; `absent`: missing from the file; `left`: the file gives a DATE_SORTIE. */
  leaving: z.array(
    z.object({ name: z.string(), class: z.string().nullable(), reason: z.enum(['third', 'absent', 'left']) }),
  ),
  arriving: z.array(z.object({ name: z.string(), class: z.string().nullable() })),
  guardians: z.object({ created: z.number(), updated: z.number() }),
  /** What becomes read-only with the present year. */
  archived: z.object({
    classes: z.number(),
    courses: z.number(),
    assessments: z.number(),
    reportCards: z.number(),
    homework: z.number(),
  }),
  errors: z.array(ProblemSchema),
  warnings: z.array(ProblemSchema),
});
export type RolloverReport = z.infer<typeof RolloverReportSchema>;
