import {
  type Actor,
  canFollowAllPupils,
  hasAnyFunction,
  hasFunction,
  hasProfile,
  type StaffFunction,
} from '../../lib/policy.ts';
import { canReadAllGrades } from '../grades/grades.policy.ts';

/**
 * Who sees what of a pupil's file and follow-up (docs/followup.md, docs/security.md "Follow-up"). Deny by default:
 * the secretariat, the accueil, the documentaliste, the school's administrator, the DPO and deployment
 * administrators open no pupil file and read no follow-up entry.
 */

export const COMPARTMENTS = ['infirmerie', 'service_social', 'psyen', 'vie_scolaire', 'direction', 'equipe'] as const;
export type Compartment = (typeof COMPARTMENTS)[number];

export const ENTRY_KINDS = ['entretien', 'appel', 'observation', 'reunion', 'action'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

const DIRECTION: readonly StaffFunction[] = ['principal', 'deputy'];

/** The health, social and psychology staff: they follow pupils and open their file. */
export const CARE_FUNCTIONS: readonly StaffFunction[] = ['infirmiere', 'assistante_sociale', 'psyen'];

/** The follow-up team of a pupil: direction, CPE, psyEN, nurse, social worker — and the class's professeur principal. */
export const TEAM_FUNCTIONS: readonly StaffFunction[] = [
  ...DIRECTION,
  'cpe',
  'psyen',
  'infirmiere',
  'assistante_sociale',
];

/** Who writes and reads each compartment (by function; the professeur principal also has `equipe`). */
export const COMPARTMENT_FUNCTIONS: Readonly<Record<Compartment, readonly StaffFunction[]>> = {
  infirmerie: ['infirmiere'],
  service_social: ['assistante_sociale'],
  psyen: ['psyen'],
  vie_scolaire: ['cpe', 'assistant_education', ...DIRECTION],
  direction: DIRECTION,
  equipe: TEAM_FUNCTIONS,
};

/** The profession answering for a compartment: it reads the log of who read its entries (with the DPO). */
export const COMPARTMENT_PROFESSION: Readonly<Record<Compartment, readonly StaffFunction[]>> = {
  infirmerie: ['infirmiere'],
  service_social: ['assistante_sociale'],
  psyen: ['psyen'],
  vie_scolaire: ['cpe', ...DIRECTION],
  direction: DIRECTION,
  equipe: DIRECTION,
};

/** Who organises team meetings (GPDS, cellule de veille). */
export const MEETING_ORGANISERS: readonly StaffFunction[] = [...DIRECTION, 'cpe'];

/** How the caller stands to one pupil, computed once per request (followup.service.ts relationOf). */
export interface PupilRelation {
  schoolId: string;
  /** Professeur principal of the pupil's class today. */
  isPrincipalTeacher: boolean;
  /** Teaches the pupil's class or one of the pupil's groups today. */
  teaches: boolean;
}

const isTeacher = (actor: Actor, rel: PupilRelation) => hasProfile(actor, rel.schoolId, 'teacher');

export const isPrincipalTeacherOf = (actor: Actor, rel: PupilRelation): boolean =>
  isTeacher(actor, rel) && rel.isPrincipalTeacher;

/** Teaches the pupil now without being their professeur principal: the reduced file. */
export const isPlainTeacherOf = (actor: Actor, rel: PupilRelation): boolean =>
  isTeacher(actor, rel) && rel.teaches && !rel.isPrincipalTeacher;

/** Staff who follow the pupil open the file: direction, vie scolaire, health and social staff, the PP, a teacher. */
export const canOpenFile = (actor: Actor, rel: PupilRelation): boolean =>
  canFollowAllPupils(actor, rel.schoolId) ||
  hasAnyFunction(actor, CARE_FUNCTIONS, rel.schoolId) ||
  isPrincipalTeacherOf(actor, rel) ||
  (isTeacher(actor, rel) && rel.teaches);

/** Guardians with how to reach them, and who may collect the pupil: all but the plain teacher. */
export const canSeeGuardianContacts = (actor: Actor, rel: PupilRelation): boolean =>
  canFollowAllPupils(actor, rel.schoolId) ||
  hasAnyFunction(actor, CARE_FUNCTIONS, rel.schoolId) ||
  isPrincipalTeacherOf(actor, rel);

/** Averages and report cards: those who read every grade, and the professeur principal. */
export const canSeeResults = (actor: Actor, rel: PupilRelation): boolean =>
  canReadAllGrades(actor, rel.schoolId) || isPrincipalTeacherOf(actor, rel);

export const canUseCompartment = (actor: Actor, c: Compartment, rel: PupilRelation): boolean =>
  hasAnyFunction(actor, COMPARTMENT_FUNCTIONS[c], rel.schoolId) || (c === 'equipe' && isPrincipalTeacherOf(actor, rel));

/** The compartments the caller writes and reads for this pupil (never for an administrator as such). */
export const compartmentsOf = (actor: Actor, rel: PupilRelation): Compartment[] =>
  COMPARTMENTS.filter((c) => canUseCompartment(actor, c, rel));

/** A member of the pupil's follow-up team (reads entries shared with the team). */
export const isTeamMember = (actor: Actor, rel: PupilRelation): boolean => canUseCompartment(actor, 'equipe', rel);

export interface EntryAccess {
  compartment: Compartment;
  authorId: string | null;
  sharedWithTeam: boolean;
  sharedWith: readonly string[];
}

/** Reads one entry: its compartment's people, its author, the team once shared with it, the colleagues named. */
export const canReadEntry = (actor: Actor, rel: PupilRelation, e: EntryAccess): boolean =>
  canUseCompartment(actor, e.compartment, rel) ||
  (e.authorId === actor.personId && canOpenFile(actor, rel)) ||
  (e.sharedWithTeam && isTeamMember(actor, rel)) ||
  (e.sharedWith.includes(actor.personId) && canOpenFile(actor, rel));

/** Only the author shares an entry, by an explicit act. */
export const canShareEntry = (actor: Actor, rel: PupilRelation, e: EntryAccess): boolean =>
  e.authorId === actor.personId && canUseCompartment(actor, e.compartment, rel);

export const isDpo = (actor: Actor, schoolId: string): boolean => hasFunction(actor, 'dpo', schoolId);

/** The log of who read an entry: its profession and the DPO. */
export const canReadEntryLog = (actor: Actor, schoolId: string, c: Compartment): boolean =>
  isDpo(actor, schoolId) || hasAnyFunction(actor, COMPARTMENT_PROFESSION[c], schoolId);

export const canOrganiseMeetings = (actor: Actor, schoolId: string): boolean =>
  hasAnyFunction(actor, MEETING_ORGANISERS, schoolId);

/** The meetings menu: the team's functions (a professeur principal reaches their meetings from the home page). */
export const canUseMeetings = (actor: Actor, schoolId: string): boolean =>
  hasAnyFunction(actor, TEAM_FUNCTIONS, schoolId);

/** The log of confidential reads: the DPO, and the professions answering for a compartment. */
export const canReadSomeLog = (actor: Actor, schoolId: string): boolean =>
  isDpo(actor, schoolId) || COMPARTMENTS.some((c) => hasAnyFunction(actor, COMPARTMENT_PROFESSION[c], schoolId));

/** The abilities GET /api/me adds for the follow-up (menus and links of the web app). */
export function followupAbilities(actor: Actor, schoolId: string): string[] {
  const a: string[] = [];
  // Who may open some pupil's file (each file then checks the pupil: a teacher, only those they teach).
  if (
    canFollowAllPupils(actor, schoolId) ||
    hasAnyFunction(actor, CARE_FUNCTIONS, schoolId) ||
    hasProfile(actor, schoolId, 'teacher')
  ) {
    a.push('pupils.file');
  }
  if (canUseMeetings(actor, schoolId)) a.push('followup.meetings');
  if (canReadSomeLog(actor, schoolId)) a.push('followup.reads');
  return a;
}
