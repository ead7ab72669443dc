import { z } from 'zod';
import { IsoDate } from '../../lib/dates.ts';
import { OwnDisciplineSchema, PupilDisciplineSchema } from '../discipline/discipline.schema.ts';
import { PlanSchema } from '../support/support.schema.ts';
import { COMPARTMENTS, ENTRY_KINDS } from './followup.policy.ts';

const Id = z.string().min(1).max(64);
const Name = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });

export const CompartmentSchema = z.enum(COMPARTMENTS);
export const EntryKindSchema = z.enum(ENTRY_KINDS);

export const SchoolPupilParamsSchema = z.strictObject({ schoolId: Id, pupilId: Id });
export const EntryParamsSchema = z.strictObject({ schoolId: Id, pupilId: Id, entryId: Id });
export const SchoolParamsSchema = z.strictObject({ schoolId: Id });
export const MeetingParamsSchema = z.strictObject({ schoolId: Id, meetingId: Id });
export const ActionParamsSchema = z.strictObject({ schoolId: Id, actionId: Id });

// ---------------------------------------------------------------------------------------------- entries

export const EntryCreateSchema = z.strictObject({
  compartment: CompartmentSchema,
  kind: EntryKindSchema,
  occurredOn: IsoDate,
  body: z.string().trim().min(1).max(10_000),
});
export type EntryCreate = z.infer<typeof EntryCreateSchema>;

export const EntryShareSchema = z
  .strictObject({
    /** Named colleagues of the pupil's follow-up team. */
    personIds: z.array(Id).max(20).default([]),
    /** The whole follow-up team of the pupil. */
    team: z.boolean().default(false),
  })
  .refine((s) => s.team || s.personIds.length > 0, 'Share with the team or with at least one colleague');
export type EntryShare = z.infer<typeof EntryShareSchema>;

export const EntrySchema = z.object({
  id: z.string(),
  pupilId: z.string(),
  compartment: CompartmentSchema,
  kind: EntryKindSchema,
  occurredOn: z.string(),
  body: z.string(),
  author: Name.nullable(),
  meetingId: z.string().nullable(),
  createdAt: z.string(),
  sharedWithTeam: z.boolean(),
  sharedWith: z.array(Name),
  abilities: z.object({ share: z.boolean(), readLog: z.boolean() }),
});
export type Entry = z.infer<typeof EntrySchema>;

export const EntryListSchema = z.object({ entries: z.array(EntrySchema) });

export const ReadSchema = z.object({
  id: z.string(),
  entryId: z.string(),
  compartment: CompartmentSchema,
  pupil: Name,
  reader: Name,
  readAt: z.string(),
});
export const ReadListSchema = z.object({ reads: z.array(ReadSchema) });
export const ReadsQuerySchema = z.strictObject({
  pupilId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

// ---------------------------------------------------------------------------------------------- the file

const ClassRef = z.object({ id: z.string(), code: z.string(), label: z.string(), level: z.string() });

/**
 * A pupil's file: each block present only for those allowed to see it (followup.file.ts). A new block is one
 * optional entry here and one provider in FILE_BLOCKS.
 */
export const FileBlocksSchema = z.object({
  identity: z
    .object({ firstName: z.string(), lastName: z.string(), birthDate: z.string().nullable(), photoUrl: z.null() })
    .optional(),
  schooling: z
    .object({
      class: ClassRef.nullable(),
      site: z.object({ id: z.string(), name: z.string() }).nullable(),
      principalTeachers: z.array(Name),
      /** Groups and options: kind is the group's kind (language, option, ulis, cham, chas...). */
      groups: z.array(z.object({ id: z.string(), code: z.string(), label: z.string(), kind: z.string() })),
    })
    .optional(),
  guardians: z
    .object({
      /** names: only who the pupil's guardians are (a teacher); contacts: how to reach them, who may collect. */
      detail: z.enum(['names', 'contacts']),
      items: z.array(
        z.object({
          id: z.string(),
          firstName: z.string(),
          lastName: z.string(),
          responsibility: z.enum(['legal1', 'legal2', 'contact']),
          livesWith: z.boolean().optional(),
          mayCollect: z.boolean().optional(),
          courtRestricted: z.boolean().optional(),
          email: z.string().nullable().optional(),
          phone: z.string().nullable().optional(),
        }),
      ),
    })
    .optional(),
  timetable: z
    .object({
      date: z.string(),
      sessions: z.array(
        z.object({
          startsAt: z.string(),
          endsAt: z.string(),
          subject: z.string(),
          room: z.string().nullable(),
          cancelled: z.boolean(),
        }),
      ),
    })
    .optional(),
  attendance: z
    .object({
      view: z.enum(['full', 'family', 'teacher', 'social', 'health', 'counts']),
      from: z.string(),
      to: z.string(),
      counts: z.object({
        absences: z.number(),
        lateness: z.number(),
        earlyDepartures: z.number(),
        unjustifiedHalfDays: z.number(),
        absenceHalfDays: z.number(),
      }),
      threshold: z.number(),
      /** Months where the pupil reached the "à signaler" threshold (views that show half-days per month). */
      toReport: z.array(z.object({ month: z.string(), halfDays: z.number() })).nullable(),
      /** Whether the pupil is on this month's "à signaler" list. */
      toReportNow: z.boolean().nullable(),
    })
    .optional(),
  grades: z
    .object({
      periods: z.array(
        z.object({
          id: z.string(),
          label: z.string(),
          /** Exact decimals as text ("12.35"), as the grades routes give them. */
          average: z.string().nullable(),
          classAverage: z.string().nullable(),
          subjects: z.array(z.object({ subjectId: z.string(), subject: z.string(), average: z.string().nullable() })),
        }),
      ),
    })
    .optional(),
  reportCards: z
    .object({
      items: z.array(
        z.object({ id: z.string(), periodLabel: z.string(), classId: z.string().nullable(), publishAt: z.string() }),
      ),
    })
    .optional(),
  followup: z
    .object({
      /** Where the caller may write. */
      compartments: z.array(CompartmentSchema),
      entries: z.array(EntrySchema),
      /** Colleagues an entry may be shared with (the pupil's follow-up team). */
      team: z.array(Name),
    })
    .optional(),
  /**
   * Punishments, sanctions still in the file, procedures under way and incident reports, as the discipline module
   * gives them to direction and vie scolaire (discipline.policy.ts canReadPupilDiscipline).
   */
  discipline: PupilDisciplineSchema.omit({ pupil: true }).optional(),
  /**
   * For those who may not read the record (a teacher): the incident reports they wrote about the pupil and the
   * punishments they gave, nothing else.
   */
  ownDiscipline: OwnDisciplineSchema.optional(),
  /**
   * Support plans in force (PAP, PPRE, PAI, PPS) as the support module gives them (support.policy.ts
   * canSeePupilPlans): accommodations for every reader, `details` only for the plan's managers.
   */
  supportPlans: z.object({ items: z.array(PlanSchema) }).optional(),
});
export type FileBlocks = z.infer<typeof FileBlocksSchema>;

export const PupilFileSchema = z.object({
  pupil: Name,
  schoolId: z.string(),
  blocks: FileBlocksSchema,
});
export type PupilFile = z.infer<typeof PupilFileSchema>;

// ---------------------------------------------------------------------------------------------- meetings

export const MeetingKindSchema = z.enum(['gpds', 'cellule_veille']);

export const MeetingCreateSchema = z.strictObject({
  kind: MeetingKindSchema,
  heldOn: IsoDate,
  title: z.string().trim().min(1).max(200),
  memberIds: z.array(Id).min(1).max(30),
  pupilIds: z.array(Id).max(60).default([]),
});
export type MeetingCreate = z.infer<typeof MeetingCreateSchema>;

export const MeetingSummarySchema = z.object({
  id: z.string(),
  kind: MeetingKindSchema,
  heldOn: z.string(),
  title: z.string(),
  pupilCount: z.number(),
});
export const MeetingListSchema = z.object({
  meetings: z.array(MeetingSummarySchema),
  abilities: z.object({ create: z.boolean() }),
  /** Who may be invited (the team's functions and the professeurs principaux); empty unless `create`. */
  candidates: z.array(Name.extend({ roles: z.array(z.string()) })),
});

export const ActionSchema = z.object({
  id: z.string(),
  meetingId: z.string(),
  title: z.string(),
  dueOn: z.string(),
  done: z.boolean(),
  owner: Name,
  pupil: Name.nullable(),
});

export const MeetingDetailSchema = MeetingSummarySchema.extend({
  members: z.array(Name),
  pupils: z.array(Name.extend({ minutes: z.array(EntrySchema) })),
  actions: z.array(ActionSchema),
});
export const MeetingCreatedSchema = z.object({ id: z.string() });

export const MinutesCreateSchema = z.strictObject({
  pupilId: Id,
  body: z.string().trim().min(1).max(10_000),
});

export const ActionCreateSchema = z.strictObject({
  pupilId: Id.nullable().default(null),
  title: z.string().trim().min(1).max(300),
  ownerId: Id,
  dueOn: IsoDate,
});
export type ActionCreate = z.infer<typeof ActionCreateSchema>;

export const ActionDoneSchema = z.strictObject({ done: z.boolean() });
export const OkSchema = z.object({ ok: z.literal(true) });
