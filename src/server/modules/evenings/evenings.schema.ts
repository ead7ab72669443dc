import { z } from 'zod';
import { IsoDate } from '../../lib/dates.ts';

const Id = z.string().min(1).max(64);
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected a time HH:MM');
const Range = z.strictObject({ startsAt: Time, endsAt: Time });

export const SchoolParamsSchema = z.strictObject({ schoolId: Id });
export const EveningParamsSchema = z.strictObject({ eveningId: Id });

/** A teacher's place in an evening: site, room, own hours (absent: the evening's) and breaks. */
const TeacherPlaceSchema = z.strictObject({
  teacherId: Id,
  siteId: Id,
  roomId: Id.nullable().default(null),
  startsAt: Time.optional(),
  endsAt: Time.optional(),
  breaks: z.array(Range).max(5).default([]),
});
export type TeacherPlace = z.infer<typeof TeacherPlaceSchema>;

export const EveningInputSchema = z.strictObject({
  title: z.string().trim().min(1).max(120),
  date: IsoDate,
  startsAt: Time,
  endsAt: Time,
  slotMinutes: z.number().int().min(5).max(60),
  classIds: z.array(Id).min(1).max(60),
  /** The teachers who take part; absent: every teacher of the classes. */
  teacherIds: z.array(Id).max(300).optional(),
  /** Families choose from this date to `requestsUntil` (both included, Paris); null: no bound. */
  requestsFrom: IsoDate.nullable().default(null),
  requestsUntil: IsoDate.nullable().default(null),
  /** Each teacher's place, hours and breaks; teachers of the classes not listed are at their class's site. */
  teachers: z.array(TeacherPlaceSchema).max(300).default([]),
});
export type EveningInput = z.infer<typeof EveningInputSchema>;

/** What direction may change once an evening is opened; absent fields stay as they are. */
export const EveningPatchSchema = z.strictObject({
  title: z.string().trim().min(1).max(120).optional(),
  date: IsoDate.optional(),
  startsAt: Time.optional(),
  endsAt: Time.optional(),
  slotMinutes: z.number().int().min(5).max(60).optional(),
  classIds: z.array(Id).min(1).max(60).optional(),
  requestsFrom: IsoDate.nullable().optional(),
  requestsUntil: IsoDate.nullable().optional(),
});
export type EveningPatch = z.infer<typeof EveningPatchSchema>;

/**
 * The evening's teachers, all of them, after an opening: who takes part, each one's site, room, hours and breaks.
 * A teacher left out is removed (refused when families asked for them).
 */
export const EveningTeachersInputSchema = z.strictObject({
  teachers: z
    .array(TeacherPlaceSchema)
    .min(1)
    .max(300)
    .refine((list) => new Set(list.map((t) => t.teacherId)).size === list.length, { message: 'Each teacher once' }),
});
export type EveningTeachersInput = z.infer<typeof EveningTeachersInputSchema>;

const PersonRef = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });
const SiteRef = z.object({ id: z.string(), name: z.string() });

export const EveningSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  date: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  slotMinutes: z.number(),
  status: z.enum(['open', 'closed', 'scheduled']),
  requestsFrom: z.string().nullable(),
  requestsUntil: z.string().nullable(),
  classes: z.array(z.object({ id: z.string(), code: z.string() })),
});
export const EveningListSchema = z.object({ items: z.array(EveningSummarySchema), canCreate: z.boolean() });

const MeetingSchema = z.object({
  startsAt: z.string(),
  endsAt: z.string(),
  teacher: PersonRef,
  pupil: PersonRef,
  site: SiteRef,
  room: z.string().nullable(),
});

export const EveningDetailSchema = EveningSummarySchema.extend({
  /** Direction: teachers and what the families asked for; the last scheduler run. */
  direction: z
    .object({
      teachers: z.array(
        z.object({
          teacher: PersonRef,
          site: SiteRef,
          room: z.string().nullable(),
          roomId: z.string().nullable(),
          /** The teacher's own hours and breaks within the evening. */
          startsAt: z.string(),
          endsAt: z.string(),
          breaks: z.array(z.object({ startsAt: z.string(), endsAt: z.string() })),
          requests: z.number(),
        }),
      ),
      families: z.number(),
      requests: z.number(),
      stats: z
        .object({
          requested: z.number(),
          met: z.number(),
          priorityRequested: z.number(),
          priorityMet: z.number(),
          waitingMinutes: z.number(),
        })
        .nullable(),
    })
    .nullable(),
  /** A teacher: their list of families, in time order. */
  teacher: z
    .object({
      site: SiteRef,
      room: z.string().nullable(),
      meetings: z.array(MeetingSchema.extend({ guardian: PersonRef })),
    })
    .nullable(),
  /** A guardian: each child's teachers to choose from, the choices made, then the personal schedule. */
  guardian: z
    .object({
      children: z.array(z.object({ pupil: PersonRef, teachers: z.array(PersonRef.extend({ site: SiteRef })) })),
      arrivesAt: z.string().nullable(),
      leavesBy: z.string().nullable(),
      requests: z.array(z.object({ pupilId: z.string(), teacherId: z.string(), priority: z.boolean() })),
      schedule: z.array(MeetingSchema),
    })
    .nullable(),
});

export const RequestsInputSchema = z.strictObject({
  arrivesAt: Time.nullable().default(null),
  leavesBy: Time.nullable().default(null),
  requests: z.array(z.strictObject({ pupilId: Id, teacherId: Id, priority: z.boolean().default(false) })).max(40),
});
export type RequestsInput = z.infer<typeof RequestsInputSchema>;

export const ScheduleResultSchema = z.object({
  requested: z.number(),
  met: z.number(),
  priorityRequested: z.number(),
  priorityMet: z.number(),
  waitingMinutes: z.number(),
  families: z.number(),
});

/** What direction chooses from when opening an evening: this year's classes, the teachers, sites and rooms. */
export const EveningOptionsSchema = z.object({
  classes: z.array(z.object({ id: z.string(), code: z.string(), level: z.string(), siteId: z.string().nullable() })),
  teachers: z.array(PersonRef.extend({ classIds: z.array(z.string()) })),
  sites: z.array(SiteRef),
  rooms: z.array(z.object({ id: z.string(), label: z.string(), siteId: z.string() })),
});

const ListMeetingSchema = z.object({
  startsAt: z.string(),
  endsAt: z.string(),
  pupil: PersonRef,
  /** The pupil's class among the evening's classes (null when they left it). */
  pupilClass: z.string().nullable(),
});

/** Direction's printable lists: every teacher's list and every family's schedule. */
export const EveningListsSchema = z.object({
  teachers: z.array(
    z.object({
      teacher: PersonRef,
      site: SiteRef,
      room: z.string().nullable(),
      meetings: z.array(ListMeetingSchema.extend({ guardian: PersonRef })),
    }),
  ),
  families: z.array(
    z.object({
      guardian: PersonRef,
      meetings: z.array(ListMeetingSchema.extend({ teacher: PersonRef, site: SiteRef, room: z.string().nullable() })),
      /** Requests the scheduler could not meet. */
      unmet: z.array(z.object({ teacher: PersonRef, pupil: PersonRef })),
    }),
  ),
});
export type EveningLists = z.infer<typeof EveningListsSchema>;

/** Which lists the PDF holds: every teacher's or every family's, or one person's (`personId`). */
export const ListsPdfQuerySchema = z.strictObject({
  kind: z.enum(['teachers', 'families']).default('teachers'),
  personId: Id.optional(),
});
