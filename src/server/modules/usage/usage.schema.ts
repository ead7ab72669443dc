import { z } from 'zod';
import { IsoDate } from '../../lib/dates.ts';
import { SERVICE_FAMILIES } from './usage.families.ts';

const Id = z.string().min(1).max(64);
/** A count hidden because it is under the minimum (fewer than 5), so that no one can be singled out. */
const Count = z.number().int().nullable();
const Rate = z.number().min(0).max(1).nullable();

export const SchoolUsageParamsSchema = z.strictObject({ schoolId: Id });
export const ClassUsageParamsSchema = z.strictObject({ schoolId: Id, classId: Id });
export const UsageRangeQuerySchema = z.strictObject({ from: IsoDate.optional(), to: IsoDate.optional() });

const ShareSchema = z.object({ total: Count, active: Count, rate: Rate });

export const SchoolUsageSchema = z.object({
  school: z.object({ id: z.string(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  /** Under this count, figures are not shown (null). */
  minCount: z.number().int(),
  days: z.array(
    z.object({
      day: z.string(),
      visits: Count,
      activeMinutes: z.number().int().nullable(),
      /** Holidays, public holidays and days off of the school calendar: the chart shades them. */
      offLabel: z.string().nullable(),
    }),
  ),
  /** Visits per weekday (1 = Monday … 7 = Sunday) and local hour. */
  heatmap: z.array(z.object({ weekday: z.number().int(), hour: z.number().int(), visits: Count })),
  places: z.array(z.object({ place: z.string(), label: z.string(), visits: Count, share: Rate })),
  profiles: z.array(
    z.object({
      profile: z.enum(['pupil', 'guardian', 'teacher', 'staff']),
      visits: Count,
      activeHours: z.number().nullable(),
    }),
  ),
  families: z.array(z.object({ family: z.enum(SERVICE_FAMILIES), uses: Count, share: Rate })),
  activation: z.object({
    classes: z.array(
      z.object({
        classId: z.string(),
        label: z.string(),
        level: z.string(),
        pupils: ShareSchema,
        guardians: ShareSchema,
      }),
    ),
    staff: z.array(z.object({ kind: z.enum(['teacher', 'staff']), total: Count, active: Count, rate: Rate })),
  }),
  indicators: z.object({
    homeworkTicked: z.object({ done: Count, possible: Count, rate: Rate }),
    reportCardsRead: z.object({ read: Count, total: Count, rate: Rate }),
    justificationsOnline: z.object({ online: Count, total: Count, rate: Rate }),
  }),
  /**
   * « Familles atteintes par la dernière actualité »: the last news published to families, and how many families
   * (pupils of its audience, as in the receipts) have a guardian who opened it or confirmed it; null when none.
   */
  lastNews: z
    .object({
      id: z.string(),
      title: z.string(),
      publishAt: z.string(),
      ackRequired: z.boolean(),
      families: Count,
      opened: Count,
      openedRate: Rate,
      /** Null when hidden, or when the news did not ask for a confirmation. */
      confirmed: Count,
      confirmedRate: Rate,
      /** Whether the caller may open the receipts page (author, direction, secretariat). */
      canSeeReceipts: z.boolean(),
    })
    .nullable(),
  /** Questionnaires run in the range: answers out of the audience (as resolved today). */
  questionnaires: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      anonymous: z.boolean(),
      open: z.boolean(),
      opensOn: z.string(),
      closesOn: z.string(),
      respondents: Count,
      audience: Count,
      rate: Rate,
    }),
  ),
  /** Whether the caller may open the list of people who never activated their account. */
  canListInactive: z.boolean(),
});

export const InactivePeopleSchema = z.object({
  class: z.object({ id: z.string(), label: z.string() }),
  pupils: z.array(z.object({ id: z.string(), name: z.string() })),
  guardians: z.array(
    z.object({ id: z.string(), name: z.string(), phone: z.string().nullable(), childName: z.string() }),
  ),
});

export const DepartmentUsageSchema = z.object({
  from: z.string(),
  to: z.string(),
  minCount: z.number().int(),
  schools: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      town: z.string(),
      pupils: ShareSchema,
      guardians: ShareSchema,
      visits: Count,
      visitsPerPupil: z.number().nullable(),
      families: z.array(z.object({ family: z.enum(SERVICE_FAMILIES), share: Rate })),
      /** Activation of families well under the département's median. */
      lagging: z.boolean(),
    }),
  ),
  median: z.object({ activation: Rate, visitsPerPupil: z.number().nullable() }),
});

/** A teacher's classes: the homework they set ticked by pupils, the report cards read by families. */
export const TeacherUsageSchema = z.object({
  from: z.string(),
  to: z.string(),
  minCount: z.number().int(),
  classes: z.array(
    z.object({
      classId: z.string(),
      label: z.string(),
      homeworkTicked: z.object({ done: Count, possible: Count, rate: Rate }),
      reportCardsRead: z.object({ read: Count, total: Count, rate: Rate }),
    }),
  ),
  /** Groups (options, half classes) the teacher set homework for in the range: ticked by the group's pupils. */
  groups: z.array(
    z.object({
      groupId: z.string(),
      label: z.string(),
      homeworkTicked: z.object({ done: Count, possible: Count, rate: Rate }),
    }),
  ),
});

export const FileSchema = z.unknown().describe('the file, as a download');
