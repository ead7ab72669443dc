import { z } from 'zod';
import { IsoDate } from '../../lib/dates.ts';

const Id = z.string().min(1).max(64);
const Text = (max: number) => z.string().trim().min(1).max(max);
const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected HH:MM');

export const SchoolParamsSchema = z.strictObject({ schoolId: Id });
export const SchoolItemParamsSchema = z.strictObject({ schoolId: Id, id: Id });
export const PupilParamsSchema = z.strictObject({ schoolId: Id, pupilId: Id });

export const INCIDENT_ROLES = ['author', 'victim', 'witness', 'involved'] as const;
export const PUNISHMENT_KINDS = [
  'retenue',
  'devoir_supplementaire',
  'excuse_orale',
  'excuse_ecrite',
  'observation',
] as const;
/** R. 511-13 I, 1° to 5° (the exclusion définitive is the conseil de discipline's alone). */
export const SANCTIONS = [
  'avertissement',
  'blame',
  'mesure_responsabilisation',
  'exclusion_classe',
  'exclusion_etablissement',
] as const;
export type Sanction = (typeof SANCTIONS)[number];

const PersonSchema = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });

// ------------------------------------------------------------------------------------------------- incidents

export const IncidentInputSchema = z.strictObject({
  occurredAt: z.iso.datetime({ offset: true }),
  place: Text(200),
  description: Text(5000),
  witnesses: z.string().trim().max(1000).default(''),
  pupils: z
    .array(z.strictObject({ pupilId: Id, role: z.enum(INCIDENT_ROLES) }))
    .min(1)
    .max(30),
});
export type IncidentInput = z.infer<typeof IncidentInputSchema>;

export const IncidentSchema = z.object({
  id: z.string(),
  occurredAt: z.string(),
  place: z.string(),
  description: z.string(),
  witnesses: z.string(),
  author: PersonSchema.nullable(),
  pupils: z.array(PersonSchema.extend({ role: z.enum(INCIDENT_ROLES), className: z.string().nullable() })),
  createdAt: z.string(),
});
export const IncidentListSchema = z.object({ items: z.array(IncidentSchema) });

// ----------------------------------------------------------------------------------------------- punishments

export const DetentionInputSchema = z
  .strictObject({ date: IsoDate, startsAt: Clock, endsAt: Clock, room: Text(100) })
  .refine((d) => d.startsAt < d.endsAt, { message: 'A retenue ends after it starts', path: ['endsAt'] });

export const PunishmentInputSchema = z
  .strictObject({
    pupilId: Id,
    kind: z.enum(PUNISHMENT_KINDS),
    reason: Text(2000),
    incidentId: Id.optional(),
    detention: DetentionInputSchema.optional(),
  })
  .refine((p) => (p.kind === 'retenue') === (p.detention !== undefined), {
    message: 'A retenue, and only a retenue, has a date, a time and a room',
    path: ['detention'],
  });
export type PunishmentInput = z.infer<typeof PunishmentInputSchema>;

export const PunishmentSchema = z.object({
  id: z.string(),
  kind: z.enum(PUNISHMENT_KINDS),
  reason: z.string(),
  givenOn: z.string(),
  givenBy: PersonSchema.nullable(),
  pupil: PersonSchema.extend({ className: z.string().nullable() }),
  incidentId: z.string().nullable(),
  detention: z
    .object({
      date: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      room: z.string(),
      status: z.enum(['present', 'absent']).nullable(),
    })
    .nullable(),
});
export const PunishmentListSchema = z.object({ items: z.array(PunishmentSchema) });
export const PunishmentListQuerySchema = z.strictObject({ from: IsoDate.optional(), to: IsoDate.optional() });
export const DetentionQuerySchema = z.strictObject({ date: IsoDate });
export const DetentionCheckSchema = z.strictObject({ status: z.enum(['present', 'absent']) });

// ---------------------------------------------------------------------------------------------- procedures

export const ProcedureInputSchema = z.strictObject({
  pupilId: Id,
  facts: Text(5000),
  incidentId: Id.optional(),
  /** Working days given to present a defence: at least two (R. 421-10-1). */
  defenceDays: z.number().int().min(2).max(15).default(2),
});
export type ProcedureInput = z.infer<typeof ProcedureInputSchema>;

export const PronounceInputSchema = z
  .strictObject({
    sanction: z.enum(SANCTIONS),
    sursis: z.boolean().default(false),
    /** Days of an exclusion (1 to 8), hours of a mesure de responsabilisation (1 to 20). */
    duration: z.number().int().min(1).max(20).optional(),
    reasons: Text(5000),
  })
  .refine((p) => !p.sursis || !['avertissement', 'blame'].includes(p.sanction), {
    message: 'Only the sanctions 3° to 6° of R. 511-13 may be given with sursis',
    path: ['sursis'],
  })
  .refine(
    (p) =>
      p.sanction.startsWith('exclusion')
        ? p.duration !== undefined && p.duration <= 8
        : p.sanction === 'mesure_responsabilisation'
          ? p.duration !== undefined
          : p.duration === undefined,
    { message: 'An exclusion lasts 1 to 8 days, a mesure de responsabilisation 1 to 20 hours', path: ['duration'] },
  );
export type PronounceInput = z.infer<typeof PronounceInputSchema>;

export const ProcedureSchema = z.object({
  id: z.string(),
  pupil: PersonSchema.extend({ className: z.string().nullable() }),
  facts: z.string(),
  incidentId: z.string().nullable(),
  openedAt: z.string(),
  openedBy: PersonSchema.nullable(),
  defenceDays: z.number().int(),
  defenceEndsAt: z.string(),
  status: z.enum(['open', 'pronounced', 'closed']),
  sanction: z.enum(SANCTIONS).nullable(),
  sursis: z.boolean(),
  duration: z.number().int().nullable(),
  reasons: z.string().nullable(),
  pronouncedAt: z.string().nullable(),
  removalDueOn: z.string().nullable(),
  abilities: z.object({ pronounce: z.boolean(), close: z.boolean() }),
});
export const ProcedureListSchema = z.object({ items: z.array(ProcedureSchema) });

// ------------------------------------------------------------------------------------------ a pupil's record

export const SanctionSchema = z.object({
  procedureId: z.string(),
  sanction: z.enum(SANCTIONS),
  sursis: z.boolean(),
  duration: z.number().int().nullable(),
  facts: z.string(),
  pronouncedAt: z.string(),
  removalDueOn: z.string().nullable(),
});

export const PupilDisciplineSchema = z.object({
  pupil: PersonSchema,
  punishments: z.array(PunishmentSchema),
  sanctions: z.array(SanctionSchema),
  /** Procedures under way (the defence delay): the family was told in writing. */
  openProcedures: z.array(
    z.object({ procedureId: z.string(), facts: z.string(), openedAt: z.string(), defenceEndsAt: z.string() }),
  ),
  /** Only for direction and vie scolaire: families are not shown incident reports. */
  incidents: z.array(IncidentSchema).nullable(),
});

/**
 * What a teacher (or any staff member who may not read the record) wrote about a pupil: their own incident reports
 * and the punishments they gave — nothing written by others, no sanction.
 */
export const OwnDisciplineSchema = z.object({
  punishments: z.array(PunishmentSchema),
  incidents: z.array(IncidentSchema),
});

export const OkSchema = z.object({ ok: z.literal(true) });
export const RemovalResultSchema = z.object({ removed: z.number().int() });

export const NameablePupilListSchema = z.object({
  items: z.array(PersonSchema.extend({ className: z.string().nullable() })),
});
