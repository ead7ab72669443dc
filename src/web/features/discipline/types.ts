// Types from the server's Zod schemas, as types only: no server code in the bundle.
import type { z } from 'zod';
import type {
  IncidentInputSchema,
  IncidentListSchema,
  NameablePupilListSchema,
  ProcedureInputSchema,
  ProcedureListSchema,
  PronounceInputSchema,
  PunishmentInputSchema,
  PunishmentListSchema,
  PupilDisciplineSchema,
} from '../../../server/modules/discipline/discipline.schema.ts';
import type {
  AccommodationListSchema,
  PlanInputSchema,
  PlanListSchema,
  PlanUpdateSchema,
} from '../../../server/modules/support/support.schema.ts';

export type IncidentList = z.infer<typeof IncidentListSchema>;
export type Incident = IncidentList['items'][number];
export type IncidentBody = z.input<typeof IncidentInputSchema>;
export type PunishmentList = z.infer<typeof PunishmentListSchema>;
export type Punishment = PunishmentList['items'][number];
export type PunishmentBody = z.input<typeof PunishmentInputSchema>;
export type ProcedureList = z.infer<typeof ProcedureListSchema>;
export type Procedure = ProcedureList['items'][number];
export type ProcedureBody = z.input<typeof ProcedureInputSchema>;
export type PronounceBody = z.input<typeof PronounceInputSchema>;
export type PupilDiscipline = z.infer<typeof PupilDisciplineSchema>;
export type NameablePupil = z.infer<typeof NameablePupilListSchema>['items'][number];
export type PlanList = z.infer<typeof PlanListSchema>;
export type Plan = PlanList['items'][number];
export type PlanBody = z.input<typeof PlanInputSchema>;
export type PlanUpdateBody = z.input<typeof PlanUpdateSchema>;
export type AccommodationList = z.infer<typeof AccommodationListSchema>;
export type PupilAccommodations = AccommodationList['items'][number];

export const PUNISHMENT_KINDS = [
  'retenue',
  'devoir_supplementaire',
  'excuse_orale',
  'excuse_ecrite',
  'observation',
] as const;
export const SANCTIONS = [
  'avertissement',
  'blame',
  'mesure_responsabilisation',
  'exclusion_classe',
  'exclusion_etablissement',
] as const;
export const INCIDENT_ROLES = ['author', 'victim', 'witness', 'involved'] as const;
export const PLAN_KINDS = ['pap', 'pps', 'pai', 'ppre'] as const;
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
