import { z } from 'zod';
import { IsoDate } from '../../lib/dates.ts';

const Id = z.string().min(1).max(64);

export const PLAN_KINDS = ['pap', 'pps', 'pai', 'ppre'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

/** Accommodations teachers apply, by code: the web app names them in the reader's language. */
export const ACCOMMODATIONS = [
  'tiers_temps',
  'documents_agrandis',
  'ordinateur',
  'pres_du_tableau',
  'consignes_reformulees',
  'lecture_consignes',
  'calculatrice',
  'pauses',
  'aesh',
  'evaluation_orale',
  'trousse_urgence',
  'collation',
] as const;

export const SchoolParamsSchema = z.strictObject({ schoolId: Id });
export const PlanParamsSchema = z.strictObject({ schoolId: Id, id: Id });
export const PupilParamsSchema = z.strictObject({ schoolId: Id, pupilId: Id });

export const PlanInputSchema = z
  .strictObject({
    pupilId: Id,
    kind: z.enum(PLAN_KINDS),
    startsOn: IsoDate,
    endsOn: IsoDate.nullable().default(null),
    accommodations: z.array(z.enum(ACCOMMODATIONS)).max(ACCOMMODATIONS.length).default([]),
    otherAccommodation: z.string().trim().max(300).default(''),
    /** Confidential: needs, diagnosis, a PAI's medical protocol. Never shown to teachers. */
    details: z.string().trim().max(5000).default(''),
  })
  .refine((p) => p.endsOn === null || p.endsOn >= p.startsOn, { message: 'Ends after it starts', path: ['endsOn'] })
  .refine((p) => p.accommodations.length > 0 || p.otherAccommodation.length > 0, {
    message: 'A plan lists at least one accommodation',
    path: ['accommodations'],
  });
export type PlanInput = z.infer<typeof PlanInputSchema>;

/** Editing a plan in place: its dates and what it grants; the pupil and the kind stay (another kind is another plan). */
export const PlanUpdateSchema = z
  .strictObject({
    startsOn: IsoDate,
    endsOn: IsoDate.nullable(),
    accommodations: z.array(z.enum(ACCOMMODATIONS)).max(ACCOMMODATIONS.length),
    otherAccommodation: z.string().trim().max(300),
    /** Absent: unchanged. */
    details: z.string().trim().max(5000).optional(),
  })
  .refine((p) => p.endsOn === null || p.endsOn >= p.startsOn, { message: 'Ends after it starts', path: ['endsOn'] })
  .refine((p) => p.accommodations.length > 0 || p.otherAccommodation.length > 0, {
    message: 'A plan lists at least one accommodation',
    path: ['accommodations'],
  });
export type PlanUpdate = z.infer<typeof PlanUpdateSchema>;

const PersonSchema = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });

export const PlanSchema = z.object({
  id: z.string(),
  kind: z.enum(PLAN_KINDS),
  pupil: PersonSchema.extend({ className: z.string().nullable() }),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  accommodations: z.array(z.enum(ACCOMMODATIONS)),
  otherAccommodation: z.string(),
  /** Null for those who may not read it (everyone but the plan's managers). */
  details: z.string().nullable(),
  abilities: z.object({ edit: z.boolean() }),
});
export const PlanListSchema = z.object({
  items: z.array(PlanSchema),
  /** The kinds the caller may create. */
  manageableKinds: z.array(z.enum(PLAN_KINDS)),
});

export const AccommodationsQuerySchema = z
  .strictObject({ classId: Id.optional(), groupId: Id.optional(), courseId: Id.optional() })
  .refine((q) => [q.classId, q.groupId, q.courseId].filter(Boolean).length === 1, {
    message: 'One of classId, groupId, courseId',
  });

export const AccommodationListSchema = z.object({
  items: z.array(
    z.object({
      pupilId: z.string(),
      kinds: z.array(z.enum(PLAN_KINDS)),
      accommodations: z.array(z.enum(ACCOMMODATIONS)),
      other: z.array(z.string()),
    }),
  ),
});

export const OkSchema = z.object({ ok: z.literal(true) });
