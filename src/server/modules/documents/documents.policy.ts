import { type Actor, hasAnyFunction, hasProfile, type StaffFunction } from '../../lib/policy.ts';
import type { FolderRow, SpaceRow } from './documents.repo.ts';

/**
 * The actor's access to one space, computed once by the service (documents.service.ts `accessTo`) from the
 * relationships the project already uses (teaches the class, member of it today, guardian whose link opens the
 * child's school information). Deny by default.
 */
export interface SpaceAccess {
  read: boolean;
  write: boolean;
  /** Reads only what the teachers made visible to families (a guardian of a pupil of the class or group). */
  familyOnly: boolean;
  /** The children a guardian sees this space for. */
  children: Array<{ id: string; firstName: string; lastName: string }>;
}

export const NO_ACCESS: SpaceAccess = { read: false, write: false, familyOnly: false, children: [] };

/** The members of each team space: they write; every member of staff and teacher reads. */
export const TEAM_MEMBERS: Record<'direction' | 'vie_scolaire', readonly StaffFunction[]> = {
  direction: ['principal', 'deputy'],
  vie_scolaire: ['cpe', 'assistant_education'],
};

/** Staff of the school in the wide sense ("personnels"): a teacher or staff profile. */
export const isPersonnel = (actor: Actor, schoolId: string) =>
  hasProfile(actor, schoolId, 'teacher') || hasProfile(actor, schoolId, 'staff');

/** A team space: members write (everybody for the staff room), staff and teachers read, nobody else. */
export function teamAccess(actor: Actor, space: Pick<SpaceRow, 'school_id' | 'team'>): SpaceAccess {
  const s = space.school_id;
  if (!isPersonnel(actor, s)) return NO_ACCESS;
  const write =
    space.team === 'salle_des_profs' || (space.team !== null && hasAnyFunction(actor, TEAM_MEMBERS[space.team], s));
  return { read: true, write, familyOnly: false, children: [] };
}

/** Whether families see a folder: the space or the folder or one of its ancestors is ticked. */
export const isFamilyVisible = (
  space: Pick<SpaceRow, 'family_visible'>,
  chain: readonly Pick<FolderRow, 'family_visible'>[],
) => space.family_visible === 1 || chain.some((f) => f.family_visible === 1);

/** Reading the content of a folder (chain: the folder and its ancestors; empty: the root). */
export function canReadIn(
  access: SpaceAccess,
  space: Pick<SpaceRow, 'family_visible'>,
  chain: readonly Pick<FolderRow, 'family_visible'>[],
): boolean {
  if (!access.read) return false;
  return !access.familyOnly || isFamilyVisible(space, chain);
}

/** « Visible par les familles » is for the spaces families may see: class and group spaces, by their writers. */
export const canManageVisibility = (access: SpaceAccess, space: Pick<SpaceRow, 'kind'>) =>
  access.write && (space.kind === 'class' || space.kind === 'group');
