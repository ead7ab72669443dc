import type { Insertable, Updateable } from 'kysely';
import type {
  DocumentFolderTable,
  DocumentSpaceTable,
  DocumentTable,
  DocumentVersionTable,
  Executor,
} from '../../db/types.ts';
import { opensSchoolInformation } from '../directory/directory.repo.ts';

/** No `in ()` in SQL: an empty id list becomes one id that matches nothing. */
const ids = (list: readonly string[]) => (list.length > 0 ? [...list] : ['']);

export type SpaceRow = DocumentSpaceTable;
export type FolderRow = DocumentFolderTable;

// ------------------------------------------------------------------------------------------- spaces

/** Creates the spaces that do not exist yet (two requests at once: the unique scope key keeps one). */
export async function ensureSpaces(db: Executor, rows: readonly Insertable<DocumentSpaceTable>[]) {
  if (rows.length === 0) return;
  await db
    .insertInto('document_spaces')
    .values([...rows])
    .onConflict((oc) => oc.columns(['school_id', 'scope_key']).doNothing())
    .execute();
}

export const findSpacesByScope = (db: Executor, schoolId: string, scopeKeys: readonly string[]) =>
  db
    .selectFrom('document_spaces')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('scope_key', 'in', ids(scopeKeys))
    .execute();

export const getSpace = (db: Executor, id: string) =>
  db.selectFrom('document_spaces').selectAll().where('id', '=', id).executeTakeFirst();

export const updateSpace = (db: Executor, id: string, patch: Updateable<DocumentSpaceTable>) =>
  db.updateTable('document_spaces').set(patch).where('id', '=', id).execute();

/** The school year in force on `day` (none between two years). */
export const findCurrentYear = (db: Executor, schoolId: string, day: string) =>
  db
    .selectFrom('school_years')
    .select(['id', 'starts_on', 'ends_on'])
    .where('school_id', '=', schoolId)
    .where('starts_on', '<=', day)
    .where('ends_on', '>=', day)
    .executeTakeFirst();

export const findClassesByIds = (db: Executor, classIds: readonly string[]) =>
  db.selectFrom('classes').select(['id', 'school_year_id', 'label']).where('id', 'in', ids(classIds)).execute();

export const findGroupsByIds = (db: Executor, groupIds: readonly string[]) =>
  db.selectFrom('groups').select(['id', 'school_year_id', 'label']).where('id', 'in', ids(groupIds)).execute();

/** The classes and groups of a school year that the teacher teaches (assignment or course). */
export async function findTaughtOfYear(db: Executor, teacherId: string, yearId: string) {
  const [assignments, courses, courseGroups] = await Promise.all([
    db
      .selectFrom('teaching_assignments')
      .select(['class_id', 'group_id'])
      .where('teacher_id', '=', teacherId)
      .where('school_year_id', '=', yearId)
      .execute(),
    db
      .selectFrom('course_teachers as ct')
      .innerJoin('courses as c', 'c.id', 'ct.course_id')
      .innerJoin('classes as k', 'k.id', 'c.class_id')
      .select('c.class_id')
      .where('ct.teacher_id', '=', teacherId)
      .where('k.school_year_id', '=', yearId)
      .execute(),
    db
      .selectFrom('course_teachers as ct')
      .innerJoin('course_groups as cg', 'cg.course_id', 'ct.course_id')
      .innerJoin('groups as g', 'g.id', 'cg.group_id')
      .select('cg.group_id')
      .where('ct.teacher_id', '=', teacherId)
      .where('g.school_year_id', '=', yearId)
      .execute(),
  ]);
  const classIds = new Set<string>();
  const groupIds = new Set<string>();
  for (const a of assignments) {
    if (a.class_id) classIds.add(a.class_id);
    if (a.group_id) groupIds.add(a.group_id);
  }
  for (const c of courses) if (c.class_id) classIds.add(c.class_id);
  for (const g of courseGroups) groupIds.add(g.group_id);
  return { classIds: [...classIds], groupIds: [...groupIds] };
}

/** The classes and groups of the school year whose member the pupil is on `day`. */
export async function findMembershipsOn(db: Executor, pupilIds: readonly string[], yearId: string, day: string) {
  const [classes, groups] = await Promise.all([
    db
      .selectFrom('class_memberships as m')
      .innerJoin('classes as c', 'c.id', 'm.class_id')
      .select(['m.pupil_id', 'm.class_id as id'])
      .where('m.pupil_id', 'in', ids(pupilIds))
      .where('c.school_year_id', '=', yearId)
      .where('m.starts_on', '<=', day)
      .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]))
      .execute(),
    db
      .selectFrom('group_memberships as m')
      .innerJoin('groups as g', 'g.id', 'm.group_id')
      .select(['m.pupil_id', 'm.group_id as id'])
      .where('m.pupil_id', 'in', ids(pupilIds))
      .where('g.school_year_id', '=', yearId)
      .where('m.starts_on', '<=', day)
      .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]))
      .execute(),
  ]);
  return { classes, groups };
}

/** The guardian's children in the school whose school information the link opens (directory rule). */
export const findChildrenInSchool = (db: Executor, guardianId: string, schoolId: string) =>
  db
    .selectFrom('guardianships as g')
    .innerJoin('people as p', 'p.id', 'g.pupil_id')
    .innerJoin('profiles as pr', (j) =>
      j.onRef('pr.person_id', '=', 'g.pupil_id').on('pr.school_id', '=', schoolId).on('pr.kind', '=', 'pupil'),
    )
    .select(['p.id', 'p.first_name', 'p.last_name'])
    .where('g.guardian_id', '=', guardianId)
    .where(opensSchoolInformation('g'))
    .orderBy('p.first_name')
    .execute();

// ------------------------------------------------------------------------------------------ folders

export const getFolder = (db: Executor, id: string) =>
  db.selectFrom('document_folders').selectAll().where('id', '=', id).executeTakeFirst();

export const findFoldersOfSpace = (db: Executor, spaceId: string) =>
  db.selectFrom('document_folders').selectAll().where('space_id', '=', spaceId).orderBy('name').execute();

export const insertFolder = (db: Executor, row: Insertable<DocumentFolderTable>) =>
  db.insertInto('document_folders').values(row).execute();

export const updateFolders = (db: Executor, folderIds: readonly string[], patch: Updateable<DocumentFolderTable>) =>
  db.updateTable('document_folders').set(patch).where('id', 'in', ids(folderIds)).execute();

export const deleteFolder = (db: Executor, id: string) =>
  db.deleteFrom('document_folders').where('id', '=', id).execute();

// ---------------------------------------------------------------------------------------- documents

/** Documents with their current version (the highest number) and how many versions they have. */
function documentSelect(db: Executor) {
  return db
    .selectFrom('documents as d')
    .innerJoin('document_versions as v', 'v.document_id', 'd.id')
    .selectAll('d')
    .select([
      'v.content_type',
      'v.size',
      'v.number as version_count',
      'v.storage_key',
      'v.file_name',
      'v.id as version_id',
    ])
    .where(({ eb, selectFrom }) =>
      eb(
        'v.number',
        '=',
        selectFrom('document_versions as v2')
          .select((e) => e.fn.max('v2.number').as('n'))
          .whereRef('v2.document_id', '=', 'd.id'),
      ),
    );
}
export type DocumentRow = Awaited<ReturnType<ReturnType<typeof documentSelect>['execute']>>[number];

export const getDocument = (db: Executor, id: string) => documentSelect(db).where('d.id', '=', id).executeTakeFirst();

export const findDocumentsOfSpace = (db: Executor, spaceId: string) =>
  documentSelect(db).where('d.space_id', '=', spaceId).orderBy('d.name').execute();

export const findDocumentByName = (db: Executor, spaceId: string, folderId: string | null, name: string) =>
  db
    .selectFrom('documents')
    .selectAll()
    .where('space_id', '=', spaceId)
    .where((eb) => (folderId === null ? eb('folder_id', 'is', null) : eb('folder_id', '=', folderId)))
    .where('name', '=', name)
    .executeTakeFirst();

export const insertDocument = (db: Executor, row: Insertable<DocumentTable>) =>
  db.insertInto('documents').values(row).execute();

export const updateDocument = (db: Executor, id: string, patch: Updateable<DocumentTable>) =>
  db.updateTable('documents').set(patch).where('id', '=', id).execute();

export const updateDocumentsInFolders = (
  db: Executor,
  folderIds: readonly string[],
  patch: Updateable<DocumentTable>,
) => db.updateTable('documents').set(patch).where('folder_id', 'in', ids(folderIds)).execute();

export const deleteDocument = (db: Executor, id: string) => db.deleteFrom('documents').where('id', '=', id).execute();

export const findVersions = (db: Executor, documentId: string) =>
  db
    .selectFrom('document_versions as v')
    .leftJoin('people as p', 'p.id', 'v.uploaded_by')
    .selectAll('v')
    .select(['p.first_name', 'p.last_name'])
    .where('v.document_id', '=', documentId)
    .orderBy('v.number', 'desc')
    .execute();

export const getVersion = (db: Executor, documentId: string, versionId: string) =>
  db
    .selectFrom('document_versions')
    .selectAll()
    .where('document_id', '=', documentId)
    .where('id', '=', versionId)
    .executeTakeFirst();

export const insertVersion = (db: Executor, row: Insertable<DocumentVersionTable>) =>
  db.insertInto('document_versions').values(row).execute();

/** The storage keys of every version of these documents, and of the documents in these folders. */
export async function findStorageKeys(
  db: Executor,
  o: { documentIds?: readonly string[]; folderIds?: readonly string[] },
) {
  const rows = await db
    .selectFrom('document_versions as v')
    .innerJoin('documents as d', 'd.id', 'v.document_id')
    .select('v.storage_key')
    .where((eb) => eb.or([eb('d.id', 'in', ids(o.documentIds ?? [])), eb('d.folder_id', 'in', ids(o.folderIds ?? []))]))
    .execute();
  return rows.map((r) => r.storage_key);
}

// -------------------------------------------------------------------------------------------- usage

/** Bytes stored (every version) in one space. */
export async function spaceUsage(db: Executor, spaceId: string): Promise<number> {
  const row = await db
    .selectFrom('document_versions as v')
    .innerJoin('documents as d', 'd.id', 'v.document_id')
    .select((eb) => eb.fn.sum<number | string | null>('v.size').as('n'))
    .where('d.space_id', '=', spaceId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Bytes stored and files per kind of space, in one school. */
export const usageByKind = (db: Executor, schoolId: string) =>
  db
    .selectFrom('document_versions as v')
    .innerJoin('documents as d', 'd.id', 'v.document_id')
    .innerJoin('document_spaces as s', 's.id', 'd.space_id')
    .select((eb) => [
      's.kind',
      eb.fn.sum<number | string>('v.size').as('bytes'),
      eb.fn.count<number | string>('v.id').as('files'),
    ])
    .where('s.school_id', '=', schoolId)
    .groupBy('s.kind')
    .execute();

/** The personal spaces that hold the most, with their owner. */
export const topPersonalUsers = (db: Executor, schoolId: string, limit: number) =>
  db
    .selectFrom('document_versions as v')
    .innerJoin('documents as d', 'd.id', 'v.document_id')
    .innerJoin('document_spaces as s', 's.id', 'd.space_id')
    .innerJoin('people as p', 'p.id', 's.owner_id')
    .select((eb) => ['p.id', 'p.first_name', 'p.last_name', eb.fn.sum<number | string>('v.size').as('bytes')])
    .where('s.school_id', '=', schoolId)
    .where('s.kind', '=', 'personal')
    .groupBy(['p.id', 'p.first_name', 'p.last_name'])
    .orderBy('bytes', 'desc')
    .limit(limit)
    .execute();
