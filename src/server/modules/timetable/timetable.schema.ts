import { z } from 'zod';
import { IsoDate } from '../../lib/dates.ts';
import { WEEKS } from './timetable.calendar.ts';

const Id = z.string().min(1).max(64);
export const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected a time HH:MM');

export const PupilParamsSchema = z.strictObject({ pupilId: Id });
export const ClassParamsSchema = z.strictObject({ classId: Id });
export const GroupParamsSchema = z.strictObject({ groupId: Id });
export const TeacherParamsSchema = z.strictObject({ teacherId: Id });
export const RoomParamsSchema = z.strictObject({ roomId: Id });
export const SiteParamsSchema = z.strictObject({ siteId: Id });
export const SchoolParamsSchema = z.strictObject({ schoolId: Id });
export const CourseParamsSchema = z.strictObject({ courseId: Id });
export const SessionParamsSchema = z.strictObject({ sessionKey: z.string().min(12).max(200) });
export const DateQuerySchema = z.strictObject({ date: IsoDate.optional() });

const PersonRef = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });
const RoomRef = z.object({ id: z.string(), code: z.string(), label: z.string() });
const SiteRef = z.object({ id: z.string(), name: z.string() });
const Ref = z.object({ id: z.string(), code: z.string(), label: z.string() });
const ChangeKind = z.enum(['cancelled', 'moved', 'room_changed', 'replaced']);

export const SessionSchema = z.object({
  /** `${courseId}:${date}` (`:${extraId}` for an extra session): what homework and roll calls refer to. */
  key: z.string(),
  courseId: z.string(),
  date: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  subject: Ref,
  teachers: z.array(PersonRef),
  room: RoomRef.nullable(),
  site: SiteRef.nullable(),
  class: Ref.nullable(),
  groups: z.array(Ref),
  weeks: z.enum(WEEKS),
  status: z.enum(['normal', 'cancelled', 'moved', 'room_changed', 'replaced', 'extra']),
  changes: z.array(ChangeKind),
  original: z
    .object({
      date: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      room: RoomRef.nullable(),
      teachers: z.array(PersonRef),
    })
    .nullable(),
  reason: z.string().nullable(),
});
export type SessionOut = z.infer<typeof SessionSchema>;

const DayOff = z.object({ startsOn: z.string(), endsOn: z.string(), label: z.string() });

export const WeekSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** 'A' or 'B', null in a holiday week. */
  weekLabel: z.enum(['A', 'B']).nullable(),
  daysOff: z.array(DayOff),
  sessions: z.array(SessionSchema),
});

export const TeacherWeekSchema = WeekSchema.extend({
  travelWarnings: z.array(
    z.object({
      fromSessionKey: z.string(),
      toSessionKey: z.string(),
      fromSite: SiteRef,
      toSite: SiteRef,
      gapMinutes: z.number(),
      requiredMinutes: z.number().nullable(),
    }),
  ),
});

export const FamilyDaySchema = z.object({
  date: z.string(),
  children: z.array(
    z.object({
      pupil: z.object({ id: z.string(), firstName: z.string(), lastName: z.string() }),
      class: Ref.nullable(),
      dayOff: z.string().nullable(),
      sessions: z.array(SessionSchema),
    }),
  ),
});

// ------------------------------------------------------------------------------------------- editing

export const CourseInputSchema = z.strictObject({
  subjectId: Id,
  classId: Id.nullable().default(null),
  groupIds: z.array(Id).max(20).default([]),
  teacherIds: z.array(Id).max(10).default([]),
  roomId: Id.nullable().default(null),
  weekday: z.number().int().min(1).max(6),
  startsAt: Time,
  endsAt: Time,
  weeks: z.enum(WEEKS).default('all'),
  validFrom: IsoDate.optional(),
  validTo: IsoDate.optional(),
});
export type CourseInput = z.infer<typeof CourseInputSchema>;
export const CoursePatchSchema = z.strictObject({
  subjectId: Id.optional(),
  classId: Id.nullable().optional(),
  groupIds: z.array(Id).max(20).optional(),
  teacherIds: z.array(Id).max(10).optional(),
  roomId: Id.nullable().optional(),
  weekday: z.number().int().min(1).max(6).optional(),
  startsAt: Time.optional(),
  endsAt: Time.optional(),
  weeks: z.enum(WEEKS).optional(),
  validFrom: IsoDate.optional(),
  validTo: IsoDate.optional(),
});
export type CoursePatch = z.infer<typeof CoursePatchSchema>;

export const CourseSchema = z.object({
  id: z.string(),
  schoolId: z.string(),
  subject: Ref,
  class: Ref.nullable(),
  groups: z.array(Ref),
  teachers: z.array(PersonRef),
  room: RoomRef.nullable(),
  weekday: z.number(),
  startsAt: z.string(),
  endsAt: z.string(),
  weeks: z.enum(WEEKS),
  validFrom: z.string(),
  validTo: z.string(),
  source: z.string(),
  externalKey: z.string().nullable(),
  travelWarnings: z.number(),
});
export const CourseListSchema = z.object({ items: z.array(CourseSchema) });

const Reason = z.string().trim().min(1).max(500);
export const CancelSchema = z.strictObject({ reason: Reason });
export const MoveSchema = z.strictObject({ date: IsoDate, startsAt: Time, endsAt: Time, reason: Reason });
export const RoomChangeSchema = z.strictObject({ roomId: Id, reason: Reason });
export const ReplacementSchema = z.strictObject({ teacherId: Id, reason: Reason });
export const ExtraSessionInputSchema = z.strictObject({
  date: IsoDate,
  startsAt: Time,
  endsAt: Time,
  roomId: Id.nullable().default(null),
  teacherId: Id.nullable().default(null),
  reason: Reason,
});

export const OkSchema = z.object({ ok: z.literal(true) });

export const IcalFeedSchema = z.object({ url: z.string(), createdAt: z.string() });
export const IcalParamsSchema = z.strictObject({ token: z.string().min(20).max(100) });

/** The file is not a Zod body: the route reads a multipart form or the raw body (see docs/imports.md). */
export const ImportQuerySchema = z.strictObject({
  format: z.enum(['sts', 'csv']),
  dryRun: z.enum(['true', 'false', '1', '0']).default('true'),
});
const ImportLine = z.object({
  line: z.number().nullable(),
  /** Stable: the web app words each code (`imports.problems.<code>`) with `params`. */
  code: z.string(),
  params: z.record(z.string(), z.string()),
  /** The same in English, for API clients. */
  message: z.string(),
});
export const ImportCourseItemSchema = z.object({
  subject: z.string(),
  /** Class code, or group codes joined with ' + '. */
  audience: z.string(),
  weekday: z.number().int(),
  startsAt: z.string(),
  endsAt: z.string(),
  weeks: z.enum(WEEKS),
  /** Part of the school year only (a course of one term), else null. */
  period: z.object({ from: IsoDate, to: IsoDate }).nullable(),
  /** Lines of the file (several for a co-taught course); empty for a course the file no longer has. */
  lines: z.array(z.number()),
  /** Changes of its coming sessions already announced to families (removed courses only). */
  futureChanges: z.number().int(),
});
export type ImportCourseItem = z.infer<typeof ImportCourseItemSchema>;
export const ImportReportSchema = z.object({
  dryRun: z.boolean(),
  format: z.enum(['sts', 'csv']),
  /** False when the file has errors or clashes: a real run would change nothing, and the counts are zero. */
  applicable: z.boolean(),
  /** The school (UAI) and school year (first calendar year) the file says it is for. */
  school: z.object({ uai: z.string().nullable(), year: z.number().nullable() }),
  courses: z.object({ created: z.number(), updated: z.number(), removed: z.number(), unchanged: z.number() }),
  items: z.object({
    created: z.array(ImportCourseItemSchema),
    updated: z.array(ImportCourseItemSchema),
    removed: z.array(ImportCourseItemSchema),
    unchanged: z.array(ImportCourseItemSchema),
  }),
  roomsCreated: z.array(z.string()),
  /** Teachers found by name whose STS id is stored by this import. */
  teachersLinked: z.array(z.object({ name: z.string(), externalId: z.string() })),
  errors: z.array(ImportLine),
  warnings: z.array(ImportLine),
  conflicts: z.array(z.object({ a: z.string(), b: z.string(), clashes: z.array(z.string()) })),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

// ------------------------------------------------------------------------------------------ settings

export const SettingsSchema = z.object({
  slots: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      siteId: z.string().nullable(),
    }),
  ),
  rooms: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      label: z.string(),
      siteId: z.string(),
      capacity: z.number().nullable(),
    }),
  ),
  sites: z.array(SiteRef),
  travelTimes: z.array(z.object({ fromSiteId: z.string(), toSiteId: z.string(), minutes: z.number() })),
  calendar: z
    .object({
      yearStart: z.string(),
      yearEnd: z.string(),
      /** Effective days off: zone holidays and public holidays with the school's edits applied. */
      daysOff: z.array(DayOff),
      entries: z.array(
        z.object({
          id: z.string(),
          startsOn: z.string(),
          endsOn: z.string(),
          label: z.string(),
          isDayOff: z.boolean(),
        }),
      ),
    })
    .nullable(),
});
export const SlotsInputSchema = z.strictObject({
  slots: z
    .array(
      z.strictObject({
        code: z.string().trim().min(1).max(10),
        startsAt: Time,
        endsAt: Time,
        siteId: Id.nullable().default(null),
      }),
    )
    .max(30),
});
export const RoomInputSchema = z.strictObject({
  code: z.string().trim().min(1).max(20),
  label: z.string().trim().min(1).max(100),
  siteId: Id,
  capacity: z.number().int().min(1).max(1000).nullable().default(null),
});
export const RoomSchema = z.object({
  id: z.string(),
  code: z.string(),
  label: z.string(),
  siteId: z.string(),
  capacity: z.number().nullable(),
});
export const TravelInputSchema = z.strictObject({
  items: z.array(z.strictObject({ fromSiteId: Id, toSiteId: Id, minutes: z.number().int().min(0).max(240) })).max(100),
});
export const CalendarEntryInputSchema = z.strictObject({
  startsOn: IsoDate,
  endsOn: IsoDate,
  label: z.string().trim().min(1).max(100),
  isDayOff: z.boolean(),
});
export const CalendarEntryParamsSchema = z.strictObject({ schoolId: Id, entryId: Id });
