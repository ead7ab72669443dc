import { z } from 'zod';
import { IsoDate } from '../../lib/dates.ts';
import { SessionSchema } from '../timetable/timetable.schema.ts';

export const FamilyHomeQuerySchema = z.strictObject({
  /** One child only (a guardian's child, or the pupil themself); all of them when absent. */
  pupilId: z.string().min(1).max(64).optional(),
  /** The day the home is about (default: today in Paris); "now" only counts on today. */
  date: IsoDate.optional(),
});
export type FamilyHomeQuery = z.infer<typeof FamilyHomeQuerySchema>;

const Ref = z.object({ id: z.string(), code: z.string(), label: z.string() });

export const FamilyHomePupilSchema = z.object({
  pupil: z.object({ id: z.string(), firstName: z.string(), lastName: z.string() }),
  /** Whether this is the reader themself (a pupil) or one of their children. */
  self: z.boolean(),
  class: Ref.nullable(),
  site: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The next lesson not cancelled: later today, or on the next school days (within two weeks). */
  nextSession: SessionSchema.nullable(),
  /** The next school day after `date` (the day homework is due "for tomorrow"). */
  nextSchoolDay: z.string(),
  /** Cancelled, moved, changed and extra sessions of `date` and of the next school day. */
  changes: z.array(SessionSchema),
  homeworkDue: z.array(
    z.object({
      id: z.string(),
      subject: z.string(),
      instructions: z.string(),
      estimatedMinutes: z.number(),
      done: z.boolean(),
    }),
  ),
  /** Grades that appeared to this reader in the last seven days. */
  newGrades: z.number().int(),
  /** Published report cards this reader has not opened. */
  newReportCards: z.number().int(),
  /** Unjustified half-days of absence this school year. */
  unjustifiedHalfDays: z.number().int(),
});

/** A school news on the home page (every child's school and site): the ones still to read come first. */
export const FamilyHomeNewsSchema = z.object({
  id: z.string(),
  schoolId: z.string(),
  title: z.string(),
  preview: z.string(),
  pinned: z.boolean(),
  ackRequired: z.boolean(),
  publishAt: z.string(),
  /** Not opened yet, or not confirmed when a confirmation is asked. */
  toRead: z.boolean(),
});

export const FamilyHomeSchema = z.object({
  date: z.string(),
  pupils: z.array(FamilyHomePupilSchema),
  /** At most five news, those still to read first; `newsToRead` counts them all. */
  news: z.array(FamilyHomeNewsSchema),
  newsToRead: z.number().int(),
});
export type FamilyHome = z.infer<typeof FamilyHomeSchema>;
export type FamilyHomePupil = z.infer<typeof FamilyHomePupilSchema>;
