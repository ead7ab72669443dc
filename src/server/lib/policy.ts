import { AppError } from './errors.ts';

export const PROFILE_KINDS = ['pupil', 'guardian', 'teacher', 'staff'] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];

/** Staff functions, per school. `school_admin` administers the school's directory. */
export const STAFF_FUNCTIONS = [
  'principal',
  'deputy',
  'cpe',
  'assistant_education',
  'psyen',
  'assistante_sociale',
  'infirmiere',
  'secretariat',
  'accueil',
  'documentaliste',
  'school_admin',
  /** Délégué à la protection des données: reads the logs of confidential reads, never the content. */
  'dpo',
] as const;
export type StaffFunction = (typeof STAFF_FUNCTIONS)[number];

export interface Actor {
  personId: string;
  login: string;
  firstName: string;
  lastName: string;
  locale: string;
  isDeploymentAdmin: boolean;
  profiles: ReadonlyArray<{ schoolId: string; kind: ProfileKind }>;
  functions: ReadonlyArray<{ schoolId: string; fn: StaffFunction }>;
  currentSchoolId: string | null;
  sessionHash: string;
  /** A session opened only to enrol the second sign-in step (auth.mfa.ts): every other route refuses it. */
  mfaEnrolmentPending?: boolean;
}

export function schoolIdsOf(actor: Actor): string[] {
  return [...new Set(actor.profiles.map((p) => p.schoolId))];
}

export const hasProfile = (actor: Actor, schoolId: string, kind: ProfileKind): boolean =>
  actor.profiles.some((p) => p.schoolId === schoolId && p.kind === kind);

export const hasFunction = (actor: Actor, fn: StaffFunction, schoolId: string): boolean =>
  actor.functions.some((f) => f.schoolId === schoolId && f.fn === fn);

export const hasAnyFunction = (actor: Actor, fns: readonly StaffFunction[], schoolId: string): boolean =>
  actor.functions.some((f) => f.schoolId === schoolId && fns.includes(f.fn));

export const belongsToSchool = (actor: Actor, schoolId: string): boolean =>
  actor.isDeploymentAdmin || actor.profiles.some((p) => p.schoolId === schoolId);

export const isStaffOf = (actor: Actor, schoolId: string): boolean => hasProfile(actor, schoolId, 'staff');

export const isSchoolAdmin = (actor: Actor, schoolId: string): boolean =>
  actor.isDeploymentAdmin || hasFunction(actor, 'school_admin', schoolId);

/**
 * Direction and vie scolaire: staff who follow every pupil's schooling (homework, school life). Secretariat and
 * administrators keep records, they do not follow schooling; a deployment administrator is no reader of pupils'
 * school data. See docs/security.md, "Access".
 */
export const PUPIL_FOLLOW_FUNCTIONS: readonly StaffFunction[] = ['principal', 'deputy', 'cpe', 'assistant_education'];

/** Staff who keep pupils' records (identity, class, guardians): direction, vie scolaire, secretariat, administrator. */
export const PUPIL_RECORD_FUNCTIONS: readonly StaffFunction[] = [
  ...PUPIL_FOLLOW_FUNCTIONS,
  'secretariat',
  'school_admin',
];

/** Who may issue a new activation code to a family (reset their access). */
export const ACCESS_RESET_FUNCTIONS: readonly StaffFunction[] = [
  'principal',
  'deputy',
  'cpe',
  'secretariat',
  'school_admin',
];

/**
 * Who publishes school news (actualités): direction, vie scolaire, secretariat, reception and the school's
 * administrator (docs/news.md).
 */
export const NEWS_PUBLISH_FUNCTIONS: readonly StaffFunction[] = [
  'principal',
  'deputy',
  'cpe',
  'assistant_education',
  'secretariat',
  'accueil',
  'school_admin',
];

/** Besides its author, who sees a news' read receipts and the families not reached: direction and secretariat. */
export const NEWS_RECEIPTS_FUNCTIONS: readonly StaffFunction[] = ['principal', 'deputy', 'secretariat'];

/** Anyone with a profile in the school reads the news addressed to them there. */
export const canReadNews = (actor: Actor, schoolId: string): boolean =>
  PROFILE_KINDS.some((k) => hasProfile(actor, schoolId, k));

export const canPublishNews = (actor: Actor, schoolId: string): boolean =>
  hasAnyFunction(actor, NEWS_PUBLISH_FUNCTIONS, schoolId);

/** Searching people of a school: staff (direction, vie scolaire, secretariat...) and administrators. */
export const canSearchDirectory = (actor: Actor, schoolId: string): boolean =>
  actor.isDeploymentAdmin || isStaffOf(actor, schoolId);

export const canResetFamilyAccess = (actor: Actor, schoolId: string): boolean =>
  actor.isDeploymentAdmin || hasAnyFunction(actor, ACCESS_RESET_FUNCTIONS, schoolId);

/** Follows every pupil's schooling in the school (no deployment-administrator bypass). */
export const canFollowAllPupils = (actor: Actor, schoolId: string): boolean =>
  hasAnyFunction(actor, PUPIL_FOLLOW_FUNCTIONS, schoolId);

/** Reads every pupil's record (identity, class, guardians) in the school (no deployment-administrator bypass). */
export const canReadPupilRecords = (actor: Actor, schoolId: string): boolean =>
  hasAnyFunction(actor, PUPIL_RECORD_FUNCTIONS, schoolId);

/**
 * Throws unless `allowed`. `hide` answers NOT_FOUND instead of FORBIDDEN, for things the caller
 * may not know exist (another family's child, another school's person).
 */
export function assertCan(allowed: boolean, opts: { hide?: boolean; what?: string } = {}): void {
  if (allowed) return;
  if (opts.hide) throw new AppError('NOT_FOUND', `${opts.what ?? 'Resource'} not found`);
  throw new AppError('FORBIDDEN', 'You are not allowed to do this');
}

/** The abilities the web app builds its menus from, per school. Computed here, never in the browser. */
export function abilitiesFor(actor: Actor, schoolId: string): string[] {
  const a: string[] = [];
  const is = (k: ProfileKind) => hasProfile(actor, schoolId, k);
  if (is('pupil')) a.push('self.view');
  if (is('guardian')) a.push('children.view');
  if (is('teacher')) a.push('classes.view');
  if (canSearchDirectory(actor, schoolId)) a.push('directory.search');
  if (canReadPupilRecords(actor, schoolId)) a.push('pupils.viewAll');
  if (canResetFamilyAccess(actor, schoolId)) a.push('access.reset');
  if (isSchoolAdmin(actor, schoolId)) a.push('directory.admin');
  if (canReadNews(actor, schoolId)) a.push('news.read');
  if (canPublishNews(actor, schoolId)) a.push('news.publish');
  a.push('account.manage');
  return a;
}
