import { z } from 'zod';
import { IsoDate, IsoMonth } from '../../lib/dates.ts';

const Id = z.string().min(1).max(64);
const Month = IsoMonth;
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected a time HH:MM');
const Half = z.enum(['am', 'pm']);
const Comment = z.string().trim().max(2000);
const Version = z.number().int().min(1);

/**
 * Certificates and justification scans: 5 MB at most, PDF or image, sent as base64 in the JSON body. The web app
 * scales photos down (2,000 px, JPEG) before sending, so a phone photo arrives well under it.
 */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const DocumentInputSchema = z.strictObject({
  fileName: z.string().trim().min(1).max(200),
  contentType: z.enum(DOCUMENT_TYPES),
  base64: z
    .string()
    .max(Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4 + 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Expected base64'),
});
export type DocumentInput = z.infer<typeof DocumentInputSchema>;

// ---------------------------------------------------------------------------------------------- params

export const SessionParamsSchema = z.strictObject({ courseId: Id, date: IsoDate });
export const ExtraSessionParamsSchema = z.strictObject({ extraSessionId: Id });
export const SchoolParamsSchema = z.strictObject({ schoolId: Id });
export const IdParamsSchema = z.strictObject({ id: Id });
export const PupilParamsSchema = z.strictObject({ pupilId: Id });

export const MissingQuerySchema = z.strictObject({ siteId: Id.optional(), date: IsoDate.optional() });
export const RangeQuerySchema = z.strictObject({ from: IsoDate.optional(), to: IsoDate.optional() });
export const ToReportQuerySchema = z.strictObject({ month: Month.optional() });
export const RatesQuerySchema = z.strictObject({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  by: z.enum(['week', 'month']).default('week'),
  per: z.enum(['class', 'site']).default('class'),
});
export type RatesQuery = z.infer<typeof RatesQuerySchema>;
export const JustificationListQuerySchema = z.strictObject({
  status: z.enum(['pending', 'accepted', 'refused']).optional(),
});

// ---------------------------------------------------------------------------------------------- roll call

export const RollCallInputSchema = z.strictObject({
  /** The version read with GET (null when no roll call was taken yet): a stale version gets 409 CONFLICT. */
  version: Version.nullable(),
  absent: z.array(Id).max(200).default([]),
  late: z
    .array(z.strictObject({ pupilId: Id, minutes: z.number().int().min(1).max(240) }))
    .max(200)
    .default([]),
});
export type RollCallInput = z.infer<typeof RollCallInputSchema>;

const PersonRef = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });

const EventBrief = z.object({
  id: z.string(),
  kind: z.enum(['absence', 'lateness', 'early_departure']),
  source: z.enum(['roll_call', 'vie_scolaire']),
  minutesLate: z.number().nullable(),
  justificationStatus: z.enum(['none', 'pending', 'accepted', 'refused']),
});

export const RollCallPupilSchema = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  status: z.enum(['present', 'absent', 'late']),
  minutesLate: z.number().nullable(),
  /** Known before the roll call: an absence entered by vie scolaire, or announced by the family. */
  knownAbsence: z
    .object({
      source: z.enum(['vie_scolaire', 'announcement']),
      justificationStatus: z.enum(['none', 'pending', 'accepted', 'refused']),
    })
    .nullable(),
  exemption: z.object({ presenceRequired: z.boolean(), subjectId: z.string().nullable() }).nullable(),
  events: z.array(EventBrief),
});

export const RollCallSchema = z.object({
  session: z.object({
    key: z.string(),
    courseId: z.string(),
    date: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    subject: z.object({ id: z.string(), code: z.string(), label: z.string() }),
    class: z.object({ id: z.string(), code: z.string(), label: z.string() }).nullable(),
    groups: z.array(z.object({ id: z.string(), code: z.string(), label: z.string() })),
    room: z.object({ id: z.string(), code: z.string(), label: z.string() }).nullable(),
    teachers: z.array(PersonRef),
    cancelled: z.boolean(),
  }),
  rollCall: z
    .object({
      version: z.number(),
      takenBy: z.string().nullable(),
      takenAt: z.string(),
      updatedBy: z.string().nullable(),
      updatedAt: z.string(),
    })
    .nullable(),
  /** When the session's teachers may no longer change it (vie scolaire still can). */
  locksAt: z.string(),
  abilities: z.object({ record: z.boolean() }),
  pupils: z.array(RollCallPupilSchema),
});
export type RollCall = z.infer<typeof RollCallSchema>;

// ---------------------------------------------------------------------------------------------- missing

export const MissingListSchema = z.object({
  date: z.string(),
  /** The Paris time the list was computed at: sessions starting at or before it are listed. */
  asOf: z.string(),
  items: z.array(
    z.object({
      sessionKey: z.string(),
      courseId: z.string(),
      date: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      subject: z.string(),
      teachers: z.array(PersonRef),
      class: z.string().nullable(),
      groups: z.array(z.string()),
      room: z.string().nullable(),
      site: z.object({ id: z.string(), name: z.string() }).nullable(),
    }),
  ),
});
export const RemindInputSchema = z.strictObject({ sessionKeys: z.array(z.string().min(1).max(200)).min(1).max(200) });
export const RemindResultSchema = z.object({ notified: z.number() });

// ---------------------------------------------------------------------------------------------- events

export const EventInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('absence'),
    pupilId: Id,
    from: IsoDate,
    fromHalf: Half,
    to: IsoDate,
    toHalf: Half,
    reasonId: Id.optional(),
    comment: Comment.default(''),
  }),
  z.strictObject({
    kind: z.literal('lateness'),
    pupilId: Id,
    date: IsoDate,
    arrivedAt: Time,
    minutes: z.number().int().min(1).max(240),
    reasonId: Id.optional(),
    comment: Comment.default(''),
  }),
  z.strictObject({
    kind: z.literal('early_departure'),
    pupilId: Id,
    date: IsoDate,
    leftAt: Time,
    collectedBy: z.union([
      z.strictObject({ guardianId: Id }),
      z.strictObject({ name: z.string().trim().min(2).max(200) }),
    ]),
    reasonId: Id.optional(),
    comment: Comment.default(''),
  }),
]);
export type EventInput = z.infer<typeof EventInputSchema>;

export const EventPatchSchema = z.strictObject({
  version: Version,
  reasonId: Id.nullable().optional(),
  comment: Comment.optional(),
  minutesLate: z.number().int().min(1).max(240).optional(),
  justificationStatus: z.enum(['none', 'accepted', 'refused']).optional(),
});
export type EventPatch = z.infer<typeof EventPatchSchema>;
export const EventDeleteQuerySchema = z.strictObject({ version: z.coerce.number().int().min(1) });

export const EventSchema = z.object({
  id: z.string(),
  pupilId: z.string(),
  kind: z.enum(['absence', 'lateness', 'early_departure']),
  source: z.enum(['roll_call', 'vie_scolaire']),
  sessionKey: z.string().nullable(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  dateFrom: z.string(),
  halfFrom: Half,
  dateTo: z.string(),
  halfTo: Half,
  minutesLate: z.number().nullable(),
  leftAt: z.string().nullable(),
  justificationStatus: z.enum(['none', 'pending', 'accepted', 'refused']),
  /** Not shown to teachers. */
  /** `code` lets the reader's app name a default reason in the reader's language (`label` is the school's French). */
  reason: z.object({ id: z.string(), code: z.string(), label: z.string(), isValid: z.boolean() }).nullable().optional(),
  /** Vie scolaire only. */
  collectedBy: z.object({ guardianId: z.string().nullable(), name: z.string().nullable() }).nullable().optional(),
  comment: z.string().optional(),
  version: z.number().optional(),
  createdAt: z.string(),
});
export type AttendanceEvent = z.infer<typeof EventSchema>;

// ---------------------------------------------------------------------------------------------- exemptions

export const ExemptionInputSchema = z.strictObject({
  pupilId: Id,
  subjectId: Id.nullable().default(null),
  from: IsoDate,
  to: IsoDate,
  weekdays: z.array(z.number().int().min(1).max(6)).max(6).nullable().default(null),
  presenceRequired: z.boolean().default(false),
  comment: Comment.default(''),
  document: DocumentInputSchema.optional(),
});
export type ExemptionInput = z.infer<typeof ExemptionInputSchema>;

export const ExemptionSchema = z.object({
  id: z.string(),
  pupilId: z.string(),
  subject: z.object({ id: z.string(), label: z.string() }).nullable(),
  from: z.string(),
  to: z.string(),
  weekdays: z.array(z.number()).nullable(),
  presenceRequired: z.boolean(),
  comment: z.string().optional(),
  documentId: z.string().nullable().optional(),
  createdAt: z.string(),
});

// ---------------------------------------------------------------------------------------------- reasons

export const ReasonSchema = z.object({
  id: z.string(),
  code: z.string(),
  label: z.string(),
  isValid: z.boolean(),
  archived: z.boolean(),
});
export const ReasonListSchema = z.object({ items: z.array(ReasonSchema) });
export const ReasonInputSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{2,40}$/),
  label: z.string().trim().min(2).max(120),
  isValid: z.boolean(),
});
export const ReasonPatchSchema = z.strictObject({
  label: z.string().trim().min(2).max(120).optional(),
  isValid: z.boolean().optional(),
  archived: z.boolean().optional(),
});

// ---------------------------------------------------------------------------------------------- justifications

export const JustificationInputSchema = z
  .strictObject({
    pupilId: Id,
    eventIds: z.array(Id).min(1).max(100).optional(),
    announcement: z.strictObject({ from: IsoDate, fromHalf: Half, to: IsoDate, toHalf: Half }).optional(),
    reasonId: Id,
    comment: Comment.default(''),
    document: DocumentInputSchema.optional(),
  })
  .refine((v) => (v.eventIds === undefined) !== (v.announcement === undefined), {
    message: 'Give either eventIds or announcement',
    path: ['eventIds'],
  });
export type JustificationInput = z.infer<typeof JustificationInputSchema>;

export const DecisionInputSchema = z.strictObject({
  version: Version,
  decision: z.enum(['accepted', 'refused']),
  comment: Comment.default(''),
});

export const JustificationSchema = z.object({
  id: z.string(),
  pupilId: z.string(),
  pupil: z.object({ firstName: z.string(), lastName: z.string() }).optional(),
  kind: z.enum(['justification', 'announcement']),
  eventIds: z.array(z.string()),
  from: z.string().nullable(),
  fromHalf: Half.nullable(),
  to: z.string().nullable(),
  toHalf: Half.nullable(),
  reason: z.object({ id: z.string(), code: z.string(), label: z.string(), isValid: z.boolean() }).nullable(),
  comment: z.string(),
  documentId: z.string().nullable(),
  /** The attached file's name, as the family sent it. */
  documentName: z.string().nullable(),
  status: z.enum(['pending', 'accepted', 'refused']),
  submittedBy: z.string().nullable(),
  submittedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionComment: z.string(),
  version: z.number(),
  /** The school's list only: the pupil's class today and the events the justification covers. */
  class: z.string().nullable().optional(),
  events: z
    .array(
      z.object({
        id: z.string(),
        kind: z.enum(['absence', 'lateness', 'early_departure']),
        dateFrom: z.string(),
        halfFrom: Half,
        dateTo: z.string(),
        halfTo: Half,
        startsAt: z.string().nullable(),
        endsAt: z.string().nullable(),
        minutesLate: z.number().nullable(),
      }),
    )
    .optional(),
});
export const JustificationListSchema = z.object({ items: z.array(JustificationSchema) });

// ---------------------------------------------------------------------------------------------- follow-up

const Counts = z.object({
  absences: z.number(),
  lateness: z.number(),
  earlyDepartures: z.number(),
  unjustifiedHalfDays: z.number(),
  /** Half-days of absence, each counted once (the report card's "demi-journées d'absence"). */
  absenceHalfDays: z.number(),
});

export const PupilRecordSchema = z.object({
  pupil: z.object({ id: z.string(), firstName: z.string(), lastName: z.string() }),
  view: z.enum(['full', 'family', 'teacher', 'social', 'health', 'counts']),
  from: z.string(),
  to: z.string(),
  counts: Counts,
  /** social, family, full. */
  unjustifiedByMonth: z.array(z.object({ month: z.string(), halfDays: z.array(z.string()) })).optional(),
  /** health: absences whose reason is health-related (maladie, rendez-vous médical). */
  healthAbsences: z.object({ maladie: z.number(), rendez_vous_medical: z.number() }).optional(),
  events: z.array(EventSchema).optional(),
  exemptions: z.array(ExemptionSchema).optional(),
  justifications: z.array(JustificationSchema).optional(),
  /** full, family. justify: the actor may send a justification or announce an absence for this pupil. */
  abilities: z.object({ justify: z.boolean() }).optional(),
});

export const ToReportSchema = z.object({
  month: z.string(),
  threshold: z.number(),
  items: z.array(
    z.object({
      pupil: z.object({ id: z.string(), firstName: z.string(), lastName: z.string() }),
      class: z.string().nullable(),
      halfDays: z.array(z.string()),
    }),
  ),
});

export const RatesSchema = z.object({
  from: z.string(),
  to: z.string(),
  by: z.enum(['week', 'month']),
  per: z.enum(['class', 'site']),
  items: z.array(
    z.object({
      period: z.string(),
      id: z.string().nullable(),
      label: z.string(),
      pupilSessions: z.number(),
      absentPupilSessions: z.number(),
      absenceRate: z.number(),
      lateness: z.number(),
    }),
  ),
});

export const OkSchema = z.object({ ok: z.literal(true) });
export const FileSchema = z.unknown().describe('a file download');
