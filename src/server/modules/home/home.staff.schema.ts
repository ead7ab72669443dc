import { z } from 'zod';

const Id = z.string().min(1).max(64);

export const StaffHomeParamsSchema = z.strictObject({ schoolId: Id });

export const StaffHomeSessionSchema = z.object({
  key: z.string(),
  courseId: z.string(),
  /** The date in the session's key (the planned date): the roll-call page's address uses it. */
  keyDate: z.string(),
  /** Extra sessions have no roll-call page of their own yet. */
  isExtra: z.boolean(),
  startsAt: z.string(),
  endsAt: z.string(),
  subject: z.string(),
  class: z.object({ id: z.string(), code: z.string(), label: z.string() }).nullable(),
  groups: z.array(z.string()),
  room: z.string().nullable(),
  /** done: the roll call was taken; due: the session has started without one; later: it has not started. */
  rollCall: z.enum(['done', 'due', 'later']),
});

/** What matters today for a teacher or a staff member: each block only when the caller's rules open it. */
export const StaffHomeSchema = z.object({
  date: z.string(),
  /** Paris time the figures were computed at. */
  asOf: z.string(),
  teacher: z
    .object({
      /** Today's sessions of the teacher (cancelled ones left out), in order. */
      sessions: z.array(StaffHomeSessionSchema),
      /** The key of the session running now or coming next; null when the day is over. */
      nextKey: z.string().nullable(),
    })
    .nullable(),
  /** Vie scolaire and direction. */
  attendance: z
    .object({
      missingRollCalls: z.number(),
      pendingJustifications: z.number(),
    })
    .nullable(),
  /** Pupils with too many unjustified half-days this month: vie scolaire, direction, assistante sociale. */
  toReport: z.number().nullable(),
  /** Direction: classes whose report cards of the last ended period are not published. */
  reportCards: z
    .object({ periodId: z.string(), periodLabel: z.string(), unpublishedClasses: z.number(), classes: z.number() })
    .nullable(),
  /** The caller's open follow-up actions (from team meetings) and the meetings they sit on, recent and coming. */
  followup: z.object({
    actions: z.array(
      z.object({
        id: z.string(),
        meetingId: z.string(),
        title: z.string(),
        dueOn: z.string(),
        pupil: z.object({ id: z.string(), firstName: z.string(), lastName: z.string() }).nullable(),
      }),
    ),
    meetings: z.array(z.object({ id: z.string(), kind: z.string(), heldOn: z.string(), title: z.string() })),
  }),
  /** Whether the directory search is open to the caller (every staff member). */
  directory: z.boolean(),
  /** Teachers: "Copies à corriger", hand-ins not yet returned, in total and for the five oldest homework. */
  handIns: z
    .object({
      count: z.number(),
      homework: z.array(
        z.object({ id: z.string(), dueDate: z.string(), subject: z.string(), audience: z.string(), count: z.number() }),
      ),
    })
    .nullable(),
});
export type StaffHome = z.infer<typeof StaffHomeSchema>;
