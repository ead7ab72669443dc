import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Db, Executor } from '../../db/types.ts';
import type { Config } from '../../lib/config.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { cleanFileName } from '../../lib/file-names.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { type Actor, hasProfile, isSchoolAdmin } from '../../lib/policy.ts';
import { FileMissingError, type FileStorage, newStorageKey } from '../../lib/storage.ts';
import { checkUploads, fileRejected, type UploadedFile } from '../../lib/uploads.ts';
import type { VirusScanner } from '../../lib/virus-scan.ts';
import { teachesClass, teachesGroup } from '../homework/homework.repo.ts';
import {
  canManageVisibility,
  canReadIn,
  isPersonnel,
  NO_ACCESS,
  type SpaceAccess,
  teamAccess,
} from './documents.policy.ts';
import type { DocumentRow, FolderRow, SpaceRow } from './documents.repo.ts';
import * as repo from './documents.repo.ts';
import {
  type FolderCreateInput,
  type FolderPatchInput,
  MAX_DOCUMENT_FILE_BYTES,
  MAX_DOCUMENT_FILES,
  MAX_FOLDER_DEPTH,
  type MoveInput,
  TEAMS,
} from './documents.schema.ts';

export type { UploadedFile } from '../../lib/uploads.ts';

export type Quotas = Config['documentQuotas'];

const PREVIEWABLE = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp']);

const rejected = fileRejected;
const nameTaken = () => new AppError('CONFLICT', 'A document of that name is already there', { reason: 'name_taken' });

const inSchool = (actor: Actor, schoolId: string) => actor.profiles.some((p) => p.schoolId === schoolId);

// ----------------------------------------------------------------------------------------- access

/** What the actor may do in a space (deny by default; the relationships of the homework and directory modules). */
export async function accessTo(db: Executor, actor: Actor, space: SpaceRow): Promise<SpaceAccess> {
  const s = space.school_id;
  if (!inSchool(actor, s)) return NO_ACCESS;
  if (space.kind === 'personal') {
    return space.owner_id === actor.personId ? { read: true, write: true, familyOnly: false, children: [] } : NO_ACCESS;
  }
  if (space.kind === 'team') return teamAccess(actor, space);
  const isClass = space.kind === 'class';
  const targetId = isClass ? space.class_id : space.group_id;
  if (!targetId) return NO_ACCESS;
  if (hasProfile(actor, s, 'teacher')) {
    const teaches = isClass
      ? await teachesClass(db, actor.personId, targetId)
      : await teachesGroup(db, actor.personId, targetId);
    if (teaches) return { read: true, write: true, familyOnly: false, children: [] };
  }
  const [target] = isClass ? await repo.findClassesByIds(db, [targetId]) : await repo.findGroupsByIds(db, [targetId]);
  if (!target) return NO_ACCESS;
  const day = todayInParis();
  const memberIn = async (pupilIds: string[]) => {
    const m = await repo.findMembershipsOn(db, pupilIds, target.school_year_id, day);
    return new Set((isClass ? m.classes : m.groups).filter((r) => r.id === targetId).map((r) => r.pupil_id));
  };
  if (hasProfile(actor, s, 'pupil') && (await memberIn([actor.personId])).has(actor.personId)) {
    return { read: true, write: false, familyOnly: false, children: [] };
  }
  if (hasProfile(actor, s, 'guardian')) {
    const children = await repo.findChildrenInSchool(db, actor.personId, s);
    const members = await memberIn(children.map((c) => c.id));
    const mine = children.filter((c) => members.has(c.id));
    if (mine.length > 0) {
      return {
        read: true,
        write: false,
        familyOnly: true,
        children: mine.map((c) => ({ id: c.id, firstName: c.first_name, lastName: c.last_name })),
      };
    }
  }
  return NO_ACCESS;
}

/** A space the actor reads, with the access; NOT_FOUND otherwise (whether it exists is not theirs to learn). */
async function loadSpace(db: Executor, actor: Actor, spaceId: string) {
  const space = await repo.getSpace(db, spaceId);
  if (!space) throw notFound('Space');
  const access = await accessTo(db, actor, space);
  if (!access.read) throw notFound('Space');
  return { space, access };
}

/** Refuses an upload before it is read: the space must be one the actor writes to. */
export async function assertWritableSpace(db: Executor, actor: Actor, spaceId: string) {
  await loadWritableSpace(db, actor, spaceId);
}

/** Refuses a replacement before it is read. */
export async function assertWritableDocument(db: Executor, actor: Actor, documentId: string) {
  await loadWritableDocument(db, actor, documentId);
}

async function loadWritableSpace(db: Executor, actor: Actor, spaceId: string) {
  const loaded = await loadSpace(db, actor, spaceId);
  if (!loaded.access.write) throw new AppError('FORBIDDEN', 'You may read this space, not write to it');
  return loaded;
}

/** The folder and its ancestors, root first. */
function chainOf(folderId: string | null, byId: ReadonlyMap<string, FolderRow>): FolderRow[] {
  const chain: FolderRow[] = [];
  let id = folderId;
  while (id) {
    const f = byId.get(id);
    if (!f || chain.length > MAX_FOLDER_DEPTH + 2) break;
    chain.unshift(f);
    id = f.parent_id;
  }
  return chain;
}

async function foldersOf(db: Executor, spaceId: string) {
  const folders = await repo.findFoldersOfSpace(db, spaceId);
  return { folders, byId: new Map(folders.map((f) => [f.id, f])) };
}

/** A document the actor may read (its folder visible to families for a guardian); NOT_FOUND otherwise. */
async function loadDocument(db: Executor, actor: Actor, documentId: string) {
  const doc = await repo.getDocument(db, documentId);
  if (!doc) throw notFound('Document');
  const space = await repo.getSpace(db, doc.space_id);
  if (!space) throw notFound('Document');
  const access = await accessTo(db, actor, space);
  const { byId } = await foldersOf(db, space.id);
  if (!canReadIn(access, space, chainOf(doc.folder_id, byId))) throw notFound('Document');
  return { doc, space, access, byId };
}

// -------------------------------------------------------------------------------------- presenters

function presentSpace(space: SpaceRow, access: SpaceAccess, label: string | null) {
  return {
    id: space.id,
    schoolId: space.school_id,
    kind: space.kind,
    team: space.team,
    label,
    classId: space.class_id,
    groupId: space.group_id,
    children: access.children,
    familyVisible: space.family_visible === 1,
    abilities: { write: access.write, manageVisibility: canManageVisibility(access, space) },
  };
}

const presentFolder = (f: FolderRow) => ({
  id: f.id,
  spaceId: f.space_id,
  parentId: f.parent_id,
  name: f.name,
  familyVisible: f.family_visible === 1,
  updatedAt: f.updated_at,
});

const presentDocument = (d: DocumentRow) => ({
  id: d.id,
  spaceId: d.space_id,
  folderId: d.folder_id,
  name: d.name,
  contentType: d.content_type,
  size: d.size,
  versionCount: d.version_count,
  updatedAt: d.updated_at,
  previewable: PREVIEWABLE.has(d.content_type),
});

async function spaceLabel(db: Executor, space: SpaceRow): Promise<string | null> {
  if (space.class_id) return (await repo.findClassesByIds(db, [space.class_id]))[0]?.label ?? null;
  if (space.group_id) return (await repo.findGroupsByIds(db, [space.group_id]))[0]?.label ?? null;
  return null;
}

// ------------------------------------------------------------------------------------------- spaces

/**
 * The caller's spaces in a school, created on first sight: their personal space, the spaces of the classes and
 * groups of the current year they teach or belong to (a guardian: their children's), the team spaces for staff.
 */
export async function listSpaces(db: Db, actor: Actor, schoolId: string) {
  if (!inSchool(actor, schoolId)) throw notFound('School');
  const now = nowIso();
  const base = { school_id: schoolId, family_visible: 0, created_at: now };
  const wanted: Array<Parameters<typeof repo.ensureSpaces>[1][number]> = [
    {
      ...base,
      id: newId(),
      kind: 'personal',
      scope_key: `personal:${actor.personId}`,
      owner_id: actor.personId,
      class_id: null,
      group_id: null,
      team: null,
    },
  ];
  const day = todayInParis();
  const year = await repo.findCurrentYear(db, schoolId, day);
  const classIds = new Set<string>();
  const groupIds = new Set<string>();
  if (year) {
    if (hasProfile(actor, schoolId, 'teacher')) {
      const taught = await repo.findTaughtOfYear(db, actor.personId, year.id);
      for (const c of taught.classIds) classIds.add(c);
      for (const g of taught.groupIds) groupIds.add(g);
    }
    const pupils: string[] = [];
    if (hasProfile(actor, schoolId, 'pupil')) pupils.push(actor.personId);
    if (hasProfile(actor, schoolId, 'guardian')) {
      pupils.push(...(await repo.findChildrenInSchool(db, actor.personId, schoolId)).map((c) => c.id));
    }
    if (pupils.length > 0) {
      const m = await repo.findMembershipsOn(db, pupils, year.id, day);
      for (const c of m.classes) classIds.add(c.id);
      for (const g of m.groups) groupIds.add(g.id);
    }
  }
  for (const id of classIds) {
    wanted.push({
      ...base,
      id: newId(),
      kind: 'class',
      scope_key: `class:${id}`,
      owner_id: null,
      class_id: id,
      group_id: null,
      team: null,
    });
  }
  for (const id of groupIds) {
    wanted.push({
      ...base,
      id: newId(),
      kind: 'group',
      scope_key: `group:${id}`,
      owner_id: null,
      class_id: null,
      group_id: id,
      team: null,
    });
  }
  if (isPersonnel(actor, schoolId)) {
    for (const team of TEAMS) {
      wanted.push({
        ...base,
        id: newId(),
        kind: 'team',
        scope_key: `team:${team}`,
        owner_id: null,
        class_id: null,
        group_id: null,
        team,
      });
    }
  }
  await repo.ensureSpaces(db, wanted);
  const spaces = await repo.findSpacesByScope(
    db,
    schoolId,
    wanted.map((w) => w.scope_key),
  );
  const classes = new Map((await repo.findClassesByIds(db, [...classIds])).map((c) => [c.id, c.label]));
  const groups = new Map((await repo.findGroupsByIds(db, [...groupIds])).map((g) => [g.id, g.label]));
  const order = { personal: 0, class: 1, group: 2, team: 3 } as const;
  const items = [];
  for (const space of spaces) {
    const access = await accessTo(db, actor, space);
    if (!access.read) continue;
    const label = space.class_id
      ? (classes.get(space.class_id) ?? null)
      : space.group_id
        ? (groups.get(space.group_id) ?? null)
        : null;
    items.push(presentSpace(space, access, label));
  }
  items.sort(
    (a, b) =>
      order[a.kind] - order[b.kind] ||
      (a.label ?? '').localeCompare(b.label ?? '', 'fr') ||
      TEAMS.indexOf(a.team ?? 'direction') - TEAMS.indexOf(b.team ?? 'direction'),
  );
  return { items };
}

/** A folder of the space (null: its root), what is in it, and the breadcrumb. */
export async function getSpaceContent(db: Executor, actor: Actor, quotas: Quotas, spaceId: string, folderId?: string) {
  const { space, access } = await loadSpace(db, actor, spaceId);
  const { folders, byId } = await foldersOf(db, space.id);
  const current = folderId ? byId.get(folderId) : undefined;
  if (folderId && !current) throw notFound('Folder');
  const path = chainOf(current?.id ?? null, byId);
  const here = current?.id ?? null;
  const open = canReadIn(access, space, path);
  // A guardian at a level the teacher did not open sees only the folders ticked « Visible par les familles ».
  if (!open && here !== null) throw notFound('Folder');
  const subfolders = folders.filter((f) => f.parent_id === here && (open || f.family_visible === 1));
  const documents = open ? (await repo.findDocumentsOfSpace(db, space.id)).filter((d) => d.folder_id === here) : [];
  const usage = access.write
    ? {
        usedBytes: await repo.spaceUsage(db, space.id),
        quotaBytes: space.kind === 'personal' ? quotas.personalBytes : null,
      }
    : { usedBytes: 0, quotaBytes: null };
  return {
    space: presentSpace(space, access, await spaceLabel(db, space)),
    folder: current ? presentFolder(current) : null,
    path: path.map(presentFolder),
    folders: subfolders.map(presentFolder),
    documents: documents.map(presentDocument),
    usage,
  };
}

/** Every document the caller reads in a space, with its folder path ("Séquence 1 / Textes"). */
export async function listSpaceFiles(db: Executor, actor: Actor, spaceId: string) {
  const { space, access } = await loadSpace(db, actor, spaceId);
  const { byId } = await foldersOf(db, space.id);
  const items = [];
  for (const d of await repo.findDocumentsOfSpace(db, space.id)) {
    const chain = chainOf(d.folder_id, byId);
    if (!canReadIn(access, space, chain)) continue;
    items.push({ ...presentDocument(d), path: chain.map((f) => f.name).join(' / ') });
  }
  return { space: presentSpace(space, access, await spaceLabel(db, space)), items };
}

/** « Visible par les familles » on the whole space (class and group spaces, by their teachers). */
export async function setSpaceVisibility(db: Executor, actor: Actor, spaceId: string, familyVisible: boolean) {
  const { space, access } = await loadSpace(db, actor, spaceId);
  if (!canManageVisibility(access, space)) throw new AppError('FORBIDDEN', 'Only the teachers of the class decide');
  await repo.updateSpace(db, space.id, { family_visible: familyVisible ? 1 : 0 });
  const updated = (await repo.getSpace(db, space.id))!;
  return presentSpace(updated, access, await spaceLabel(db, updated));
}

// ------------------------------------------------------------------------------------------ folders

async function assertTargetFolder(db: Executor, spaceId: string, folderId: string | null) {
  if (folderId === null) return [] as FolderRow[];
  const { byId } = await foldersOf(db, spaceId);
  if (!byId.has(folderId)) {
    throw new AppError('VALIDATION_FAILED', 'No such folder in this space', {
      fields: [{ path: 'folderId', code: 'not_found' }],
    });
  }
  return chainOf(folderId, byId);
}

export async function createFolder(db: Executor, actor: Actor, spaceId: string, input: FolderCreateInput) {
  const { space } = await loadWritableSpace(db, actor, spaceId);
  const chain = await assertTargetFolder(db, space.id, input.parentId);
  if (chain.length >= MAX_FOLDER_DEPTH) {
    throw new AppError('VALIDATION_FAILED', 'Folders are too deep', {
      fields: [{ path: 'parentId', code: 'too_deep' }],
    });
  }
  const now = nowIso();
  const id = newId();
  await repo.insertFolder(db, {
    id,
    space_id: space.id,
    parent_id: input.parentId,
    name: cleanFileName(input.name, 'Dossier'),
    family_visible: 0,
    created_by: actor.personId,
    created_at: now,
    updated_at: now,
  });
  return presentFolder((await repo.getFolder(db, id))!);
}

async function loadWritableFolder(db: Executor, actor: Actor, folderId: string) {
  const folder = await repo.getFolder(db, folderId);
  if (!folder) throw notFound('Folder');
  const { space, access } = await loadSpace(db, actor, folder.space_id).catch(() => {
    throw notFound('Folder');
  });
  const { byId } = await foldersOf(db, space.id);
  if (!canReadIn(access, space, chainOf(folder.id, byId)) && folder.family_visible !== 1) throw notFound('Folder');
  if (!access.write) throw new AppError('FORBIDDEN', 'You may read this space, not write to it');
  return { folder, space, access, byId };
}

export async function updateFolder(db: Executor, actor: Actor, folderId: string, input: FolderPatchInput) {
  const { folder, space, access } = await loadWritableFolder(db, actor, folderId);
  if (input.familyVisible !== undefined && !canManageVisibility(access, space)) {
    throw new AppError('FORBIDDEN', '« Visible par les familles » is for class and group spaces');
  }
  await repo.updateFolders(db, [folder.id], {
    ...(input.name !== undefined ? { name: cleanFileName(input.name, 'Dossier') } : {}),
    ...(input.familyVisible !== undefined ? { family_visible: input.familyVisible ? 1 : 0 } : {}),
    updated_at: nowIso(),
  });
  return presentFolder((await repo.getFolder(db, folder.id))!);
}

/** The folder and every folder below it. */
function subtreeOf(folderId: string, folders: readonly FolderRow[]): string[] {
  const out = [folderId];
  for (let i = 0; i < out.length; i++) {
    for (const f of folders) if (f.parent_id === out[i]) out.push(f.id);
  }
  return out;
}

/** Deletes a folder with everything in it; the files leave the storage once the rows are gone. */
export async function deleteFolder(db: Db, storage: FileStorage, actor: Actor, folderId: string) {
  const { folder, byId } = await loadWritableFolder(db, actor, folderId);
  const subtree = subtreeOf(folder.id, [...byId.values()]);
  let keys: string[] = [];
  await db.transaction().execute(async (trx) => {
    keys = await repo.findStorageKeys(trx, { folderIds: subtree });
    await repo.deleteFolder(trx, folder.id);
  });
  await Promise.allSettled(keys.map((k) => storage.delete(k)));
}

/** Moves a folder (and what it holds) to another place of a space the caller writes to, in the same school. */
export async function moveFolder(db: Db, actor: Actor, quotas: Quotas, folderId: string, input: MoveInput) {
  const { folder, space, byId } = await loadWritableFolder(db, actor, folderId);
  const target = await loadWritableSpace(db, actor, input.spaceId);
  if (target.space.school_id !== space.school_id) throw notFound('Space');
  const chain = await assertTargetFolder(db, target.space.id, input.folderId);
  const subtree = subtreeOf(folder.id, [...byId.values()]);
  if (chain.some((f) => subtree.includes(f.id))) {
    throw new AppError('VALIDATION_FAILED', 'A folder cannot go inside itself', {
      fields: [{ path: 'folderId', code: 'inside_itself' }],
    });
  }
  await db.transaction().execute(async (trx) => {
    if (target.space.id !== space.id) {
      const moving = await repo.findDocumentsOfSpace(trx, space.id);
      const bytes = await movedBytes(
        trx,
        moving.filter((d) => d.folder_id !== null && subtree.includes(d.folder_id)),
      );
      await assertQuota(trx, quotas, target.space, bytes, { sameSchool: true });
      await repo.updateFolders(trx, subtree, { space_id: target.space.id });
      await repo.updateDocumentsInFolders(trx, subtree, { space_id: target.space.id });
    }
    await repo.updateFolders(trx, [folder.id], { parent_id: input.folderId, updated_at: nowIso() });
  });
  return presentFolder((await repo.getFolder(db, folder.id))!);
}

// --------------------------------------------------------------------------------------------- quota

async function movedBytes(db: Executor, docs: readonly DocumentRow[]) {
  let total = 0;
  for (const d of docs) for (const v of await repo.findVersions(db, d.id)) total += v.size;
  return total;
}

/**
 * Refuses what would take the personal space or the school past its quota: 413 QUOTA_EXCEEDED, with which one
 * and the figures. Old versions count. `sameSchool`: bytes that only move inside the school (a move).
 */
async function assertQuota(
  db: Executor,
  quotas: Quotas,
  space: SpaceRow,
  incoming: number,
  o: { sameSchool?: boolean } = {},
) {
  if (incoming <= 0) return;
  if (space.kind === 'personal') {
    const used = await repo.spaceUsage(db, space.id);
    if (used + incoming > quotas.personalBytes) {
      throw new AppError('QUOTA_EXCEEDED', 'Your personal space is full', {
        scope: 'personal',
        usedBytes: used,
        limitBytes: quotas.personalBytes,
      });
    }
  }
  if (o.sameSchool) return;
  const used = (await repo.usageByKind(db, space.school_id)).reduce((sum, r) => sum + Number(r.bytes), 0);
  if (used + incoming > quotas.schoolBytes) {
    throw new AppError('QUOTA_EXCEEDED', 'The school’s document storage is full', {
      scope: 'school',
      usedBytes: used,
      limitBytes: quotas.schoolBytes,
    });
  }
}

// ---------------------------------------------------------------------------------------- documents

/** Checks every file before anything is stored (lib/uploads.ts). */
const checkFiles = (files: readonly UploadedFile[], scanner: VirusScanner) =>
  checkUploads(files, scanner, {
    maxFiles: MAX_DOCUMENT_FILES,
    maxBytes: MAX_DOCUMENT_FILE_BYTES,
    fallbackName: 'document',
  });

type Checked = Awaited<ReturnType<typeof checkFiles>>[number];

/**
 * Stores the files, then the rows in one transaction (a failed transaction removes the new files). A file named
 * like a document of the folder, or `replace` given, becomes that document's next version; the older ones stay.
 */
async function storeVersions(
  db: Db,
  storage: FileStorage,
  actor: Actor,
  quotas: Quotas,
  space: SpaceRow,
  folderId: string | null,
  checked: readonly Checked[],
  replace?: DocumentRow,
) {
  await assertQuota(
    db,
    quotas,
    space,
    checked.reduce((s, f) => s + f.data.length, 0),
  );
  const stored: string[] = [];
  const touched: string[] = [];
  try {
    const keys: string[] = [];
    for (const f of checked) {
      const key = newStorageKey('documents');
      await storage.put(key, f.data);
      stored.push(key);
      keys.push(key);
    }
    await db.transaction().execute(async (trx) => {
      // Again inside the transaction: two uploads at once must not both pass a nearly full quota.
      await assertQuota(
        trx,
        quotas,
        space,
        checked.reduce((s, f) => s + f.data.length, 0),
      );
      const now = nowIso();
      for (const [i, f] of checked.entries()) {
        const existing = replace ?? (await repo.findDocumentByName(trx, space.id, folderId, f.fileName));
        let documentId: string;
        let number = 1;
        if (existing) {
          documentId = existing.id;
          const versions = await repo.findVersions(trx, documentId);
          number = (versions[0]?.number ?? 0) + 1;
          await repo.updateDocument(trx, documentId, { updated_at: now });
        } else {
          documentId = newId();
          await repo.insertDocument(trx, {
            id: documentId,
            space_id: space.id,
            folder_id: folderId,
            name: f.fileName,
            created_by: actor.personId,
            created_at: now,
            updated_at: now,
          });
        }
        await repo.insertVersion(trx, {
          id: newId(),
          document_id: documentId,
          number,
          storage_key: keys[i]!,
          file_name: f.fileName,
          content_type: f.contentType,
          size: f.data.length,
          sha256: createHash('sha256').update(f.data).digest('hex'),
          scan_status: f.scanStatus,
          uploaded_by: actor.personId,
          created_at: now,
        });
        touched.push(documentId);
      }
    });
  } catch (e) {
    await Promise.allSettled(stored.map((k) => storage.delete(k)));
    throw e;
  }
  const docs = [];
  for (const id of new Set(touched)) {
    const d = await repo.getDocument(db, id);
    if (d) docs.push(presentDocument(d));
  }
  return { documents: docs };
}

/** Uploads files into a folder of a space the caller writes to. */
export async function uploadDocuments(
  db: Db,
  storage: FileStorage,
  scanner: VirusScanner,
  actor: Actor,
  quotas: Quotas,
  spaceId: string,
  folderId: string | null,
  files: readonly UploadedFile[],
) {
  const { space } = await loadWritableSpace(db, actor, spaceId);
  await assertTargetFolder(db, space.id, folderId);
  const checked = await checkFiles(files, scanner);
  return storeVersions(db, storage, actor, quotas, space, folderId, checked);
}

/** « Remplacer »: one file becomes the document's next version, whatever its name. */
export async function replaceDocument(
  db: Db,
  storage: FileStorage,
  scanner: VirusScanner,
  actor: Actor,
  quotas: Quotas,
  documentId: string,
  files: readonly UploadedFile[],
) {
  const { doc, space, access } = await loadDocument(db, actor, documentId);
  if (!access.write) throw new AppError('FORBIDDEN', 'You may read this space, not write to it');
  if (files.length !== 1) throw rejected('too_many_files', { limit: 1 });
  const checked = await checkFiles(files, scanner);
  const result = await storeVersions(db, storage, actor, quotas, space, doc.folder_id, checked, doc);
  return result.documents[0]!;
}

export async function getDocumentDetail(db: Executor, actor: Actor, documentId: string) {
  const { doc, space, access } = await loadDocument(db, actor, documentId);
  const versions = await repo.findVersions(db, doc.id);
  return {
    ...presentDocument(doc),
    space: presentSpace(space, access, await spaceLabel(db, space)),
    versions: versions.map((v) => ({
      id: v.id,
      number: v.number,
      fileName: v.file_name,
      contentType: v.content_type,
      size: v.size,
      uploadedAt: v.created_at,
      uploadedBy: v.uploaded_by
        ? { id: v.uploaded_by, firstName: v.first_name ?? '', lastName: v.last_name ?? '' }
        : null,
    })),
    abilities: { write: access.write },
  };
}

/** The bytes of a document (its current version, or an older one), for lib/download.ts. */
export async function getDocumentContent(
  db: Executor,
  storage: FileStorage,
  actor: Actor,
  documentId: string,
  versionId?: string,
): Promise<{ fileName: string; contentType: string; data: Readable }> {
  const { doc } = await loadDocument(db, actor, documentId);
  const version = versionId
    ? await repo.getVersion(db, doc.id, versionId)
    : { storage_key: doc.storage_key, content_type: doc.content_type };
  if (!version) throw notFound('Version');
  try {
    return { fileName: doc.name, contentType: version.content_type, data: await storage.get(version.storage_key) };
  } catch (e) {
    if (e instanceof FileMissingError) throw notFound('Document');
    throw e;
  }
}

async function loadWritableDocument(db: Executor, actor: Actor, documentId: string) {
  const loaded = await loadDocument(db, actor, documentId);
  if (!loaded.access.write) throw new AppError('FORBIDDEN', 'You may read this space, not write to it');
  return loaded;
}

export async function renameDocument(db: Db, actor: Actor, documentId: string, name: string) {
  const { doc } = await loadWritableDocument(db, actor, documentId);
  const clean = cleanFileName(name, doc.name);
  await db.transaction().execute(async (trx) => {
    const other = await repo.findDocumentByName(trx, doc.space_id, doc.folder_id, clean);
    if (other && other.id !== doc.id) throw nameTaken();
    await repo.updateDocument(trx, doc.id, { name: clean, updated_at: nowIso() });
  });
  return presentDocument((await repo.getDocument(db, doc.id))!);
}

export async function deleteDocument(db: Db, storage: FileStorage, actor: Actor, documentId: string) {
  const { doc } = await loadWritableDocument(db, actor, documentId);
  let keys: string[] = [];
  await db.transaction().execute(async (trx) => {
    keys = await repo.findStorageKeys(trx, { documentIds: [doc.id] });
    await repo.deleteDocument(trx, doc.id);
  });
  await Promise.allSettled(keys.map((k) => storage.delete(k)));
}

export async function moveDocument(db: Db, actor: Actor, quotas: Quotas, documentId: string, input: MoveInput) {
  const { doc, space } = await loadWritableDocument(db, actor, documentId);
  const target = await loadWritableSpace(db, actor, input.spaceId);
  if (target.space.school_id !== space.school_id) throw notFound('Space');
  await assertTargetFolder(db, target.space.id, input.folderId);
  await db.transaction().execute(async (trx) => {
    const other = await repo.findDocumentByName(trx, target.space.id, input.folderId, doc.name);
    if (other && other.id !== doc.id) throw nameTaken();
    if (target.space.id !== space.id) {
      await assertQuota(trx, quotas, target.space, await movedBytes(trx, [doc]), { sameSchool: true });
    }
    await repo.updateDocument(trx, doc.id, {
      space_id: target.space.id,
      folder_id: input.folderId,
      updated_at: nowIso(),
    });
  });
  return presentDocument((await repo.getDocument(db, doc.id))!);
}

// -------------------------------------------------------------------------------------------- usage

/** The school's storage: in total, per kind of space, and the personal spaces that hold the most (admins). */
export async function getUsage(db: Executor, actor: Actor, quotas: Quotas, schoolId: string) {
  if (!inSchool(actor, schoolId) && !actor.isDeploymentAdmin) throw notFound('School');
  if (!isSchoolAdmin(actor, schoolId)) throw new AppError('FORBIDDEN', 'The school’s administrators only');
  const byKind = await repo.usageByKind(db, schoolId);
  const top = await repo.topPersonalUsers(db, schoolId, 10);
  return {
    usedBytes: byKind.reduce((s, r) => s + Number(r.bytes), 0),
    quotaBytes: quotas.schoolBytes,
    personalQuotaBytes: quotas.personalBytes,
    byKind: (['personal', 'class', 'group', 'team'] as const).map((kind) => {
      const r = byKind.find((x) => x.kind === kind);
      return { kind, usedBytes: Number(r?.bytes ?? 0), files: Number(r?.files ?? 0) };
    }),
    topUsers: top.map((r) => ({
      person: { id: r.id, firstName: r.first_name, lastName: r.last_name },
      usedBytes: Number(r.bytes),
    })),
  };
}

// ------------------------------------------------------------------------------- cahier de textes

/**
 * Whether a teacher may link this document from homework for the class or group: it is in that class's (or
 * group's) space and the teacher reads it. VALIDATION_FAILED otherwise (the field names the problem).
 */
export async function assertLinkable(
  db: Executor,
  actor: Actor,
  documentId: string,
  target: { classId: string | null; groupId: string | null },
) {
  const bad = () =>
    new AppError('VALIDATION_FAILED', 'Link a document of the class’s space', {
      fields: [{ path: 'documentId', code: 'not_in_class_space' }],
    });
  const doc = await repo.getDocument(db, documentId);
  if (!doc) throw bad();
  const space = await repo.getSpace(db, doc.space_id);
  if (!space) throw bad();
  const matches =
    (space.kind === 'class' && space.class_id !== null && space.class_id === target.classId) ||
    (space.kind === 'group' && space.group_id !== null && space.group_id === target.groupId);
  if (!matches || !(await accessTo(db, actor, space)).read) throw bad();
}

/** The linked documents of several homework, as pupils see the link (name and type). */
export async function findLinkedDocuments(db: Executor, documentIds: readonly string[]) {
  const out = new Map<string, { id: string; name: string; contentType: string }>();
  for (const id of new Set(documentIds)) {
    const d = await repo.getDocument(db, id);
    if (d) out.set(id, { id: d.id, name: d.name, contentType: d.content_type });
  }
  return out;
}
