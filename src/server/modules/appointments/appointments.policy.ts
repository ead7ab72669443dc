import {
  type Actor,
  hasAnyFunction,
  hasProfile,
  isStaffOf,
  PROFILE_KINDS,
  type StaffFunction,
} from '../../lib/policy.ts';

/** Staff functions that receive families by appointment (teachers receive too, through their profile). */
export const RECEIVING_FUNCTIONS: readonly StaffFunction[] = [
  'principal',
  'deputy',
  'cpe',
  'psyen',
  'assistante_sociale',
  'infirmiere',
  'secretariat',
];

/** Whose reasons stay private to them unless they say otherwise: health, social and psychological follow-up. */
export const PRIVATE_BY_DEFAULT: readonly StaffFunction[] = ['psyen', 'assistante_sociale', 'infirmiere'];

/** The reception desk: today's appointments, arrivals, the visitor log, pupils collected early. */
export const RECEPTION_FUNCTIONS: readonly StaffFunction[] = ['accueil', 'secretariat'];

/** Who keeps the information-to-families pages. */
export const INFO_EDIT_FUNCTIONS: readonly StaffFunction[] = ['accueil', 'secretariat', 'principal', 'school_admin'];

/** Publishes availability and receives families in this school. */
export const canReceiveFamilies = (actor: Actor, schoolId: string): boolean =>
  hasProfile(actor, schoolId, 'teacher') ||
  (isStaffOf(actor, schoolId) && hasAnyFunction(actor, RECEIVING_FUNCTIONS, schoolId));

/** Books for a child (which child is checked per request through opensSchoolInformation). */
export const canBookAsGuardian = (actor: Actor, schoolId: string): boolean => hasProfile(actor, schoolId, 'guardian');

export const canUseReceptionDesk = (actor: Actor, schoolId: string): boolean =>
  isStaffOf(actor, schoolId) && hasAnyFunction(actor, RECEPTION_FUNCTIONS, schoolId);

export const canEditInfoPages = (actor: Actor, schoolId: string): boolean =>
  isStaffOf(actor, schoolId) && hasAnyFunction(actor, INFO_EDIT_FUNCTIONS, schoolId);

/** Anyone with a profile in the school reads its practical information. */
export const canReadInfoPages = (actor: Actor, schoolId: string): boolean =>
  PROFILE_KINDS.some((k) => hasProfile(actor, schoolId, k));

/** The abilities GET /api/me adds for appointments, reception and information to families. */
export function appointmentAbilities(actor: Actor, schoolId: string): string[] {
  return [
    ...(canBookAsGuardian(actor, schoolId) ? ['appointments.book'] : []),
    ...(canReceiveFamilies(actor, schoolId) ? ['appointments.receive'] : []),
    ...(canUseReceptionDesk(actor, schoolId) ? ['reception.desk'] : []),
    ...(canEditInfoPages(actor, schoolId) ? ['info.edit'] : []),
    ...(canReadInfoPages(actor, schoolId) ? ['info.read'] : []),
    ...(canEditReceptionSettings(actor, schoolId) ? ['reception.settings'] : []),
  ];
}

/** The school's reception settings (log retention, public information page, private reasons): its head. */
export const canEditReceptionSettings = (actor: Actor, schoolId: string): boolean =>
  isStaffOf(actor, schoolId) && hasAnyFunction(actor, ['principal', 'school_admin'], schoolId);
