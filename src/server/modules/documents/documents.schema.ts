import { z } from 'zod';

const Id = z.string().min(1).max(64);

/** One file of a document space at most this big; at most this many per upload. */
export const MAX_DOCUMENT_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_DOCUMENT_FILES = 10;
/** Folders nest at most this deep (a breadcrumb stays readable on a phone). */
export const MAX_FOLDER_DEPTH = 8;

export const SPACE_KINDS = ['personal', 'class', 'group', 'team'] as const;
export const TEAMS = ['direction', 'vie_scolaire', 'salle_des_profs'] as const;

export const SchoolParamsSchema = z.strictObject({ schoolId: Id });
export const SpaceParamsSchema = z.strictObject({ spaceId: Id });
export const FolderParamsSchema = z.strictObject({ folderId: Id });
export const DocumentParamsSchema = z.strictObject({ documentId: Id });
export const VersionParamsSchema = z.strictObject({ documentId: Id, versionId: Id });
export const SpaceQuerySchema = z.strictObject({ folderId: Id.optional() });
export const ContentQuerySchema = z.strictObject({ inline: z.enum(['0', '1']).optional() });

const Name = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .refine((v) => !/[\\/]/.test(v), 'no / or \\ in a name');

export const FolderCreateSchema = z.strictObject({ name: Name, parentId: Id.nullable().default(null) });
export const FolderPatchSchema = z
  .strictObject({ name: Name.optional(), familyVisible: z.boolean().optional() })
  .refine((v) => v.name !== undefined || v.familyVisible !== undefined, { message: 'Nothing to change' });
export const SpacePatchSchema = z.strictObject({ familyVisible: z.boolean() });
export const DocumentPatchSchema = z.strictObject({ name: Name });
/** Where to move a folder or a file: a space the caller writes to, and a folder of it (null: its root). */
export const MoveSchema = z.strictObject({ spaceId: Id, folderId: Id.nullable().default(null) });

export type FolderCreateInput = z.infer<typeof FolderCreateSchema>;
export type FolderPatchInput = z.infer<typeof FolderPatchSchema>;
export type MoveInput = z.infer<typeof MoveSchema>;

const PersonRef = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });

export const SpaceSchema = z.object({
  id: z.string(),
  schoolId: z.string(),
  kind: z.enum(SPACE_KINDS),
  team: z.enum(TEAMS).nullable(),
  /** The class or group's label ("4e B"), for class and group spaces. */
  label: z.string().nullable(),
  classId: z.string().nullable(),
  groupId: z.string().nullable(),
  /** For a guardian: the children this class or group space is shown for. */
  children: z.array(PersonRef),
  familyVisible: z.boolean(),
  abilities: z.object({ write: z.boolean(), manageVisibility: z.boolean() }),
});

export const SpaceListSchema = z.object({ items: z.array(SpaceSchema) });

export const VersionSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  uploadedAt: z.string(),
  uploadedBy: PersonRef.nullable(),
});

export const FolderSchema = z.object({
  id: z.string(),
  spaceId: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  familyVisible: z.boolean(),
  updatedAt: z.string(),
});

export const DocumentSchema = z.object({
  id: z.string(),
  spaceId: z.string(),
  folderId: z.string().nullable(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  versionCount: z.number().int(),
  updatedAt: z.string(),
  /** A PDF or an image: the browser may show it (inline, sandboxed). */
  previewable: z.boolean(),
});

export const DocumentDetailSchema = DocumentSchema.extend({
  space: SpaceSchema,
  versions: z.array(VersionSchema),
  abilities: z.object({ write: z.boolean() }),
});

export const SpaceContentSchema = z.object({
  space: SpaceSchema,
  /** The folder shown (null: the root) and its ancestors, root first, for the breadcrumb. */
  folder: FolderSchema.nullable(),
  path: z.array(FolderSchema),
  folders: z.array(FolderSchema),
  documents: z.array(DocumentSchema),
  usage: z.object({ usedBytes: z.number().int(), quotaBytes: z.number().int().nullable() }),
});

/** Every document of a space, with its folder path: the picker of the cahier de textes. */
export const SpaceFilesSchema = z.object({
  space: SpaceSchema,
  items: z.array(DocumentSchema.extend({ path: z.string() })),
});

export const UploadResultSchema = z.object({ documents: z.array(DocumentSchema) });

export const UsageSchema = z.object({
  usedBytes: z.number().int(),
  quotaBytes: z.number().int(),
  personalQuotaBytes: z.number().int(),
  byKind: z.array(z.object({ kind: z.enum(SPACE_KINDS), usedBytes: z.number().int(), files: z.number().int() })),
  topUsers: z.array(z.object({ person: PersonRef, usedBytes: z.number().int() })),
});

export const FileSchema = z.unknown().describe('the document, as a download');
