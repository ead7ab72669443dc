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
