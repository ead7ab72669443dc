import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.

/**
 * Document spaces (docs/documents.md): a personal space per person and school, a space per class and group of a
 * school year, and the staff team spaces. Files live in the file storage (lib/storage.ts); the tables hold the
 * metadata, and every upload of a document is a version (the older ones are kept).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('document_spaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    // personal | class | group | team
    .addColumn('kind', 'text', (c) => c.notNull())
    // What the space belongs to, unique per school: `personal:<personId>`, `class:<classId>`, `group:<groupId>`,
    // `team:direction`... (NULLs would not make a unique key on either engine).
    .addColumn('scope_key', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('people.id').onDelete('cascade'))
    .addColumn('class_id', 'text', (c) => c.references('classes.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.references('groups.id').onDelete('cascade'))
    .addColumn('team', 'text')
    // 0/1: the pupils' guardians read the whole space (class and group spaces only).
    .addColumn('family_visible', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('document_spaces_scope_uq', ['school_id', 'scope_key'])
    .execute();

  await db.schema
    .createTable('document_folders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('space_id', 'text', (c) => c.notNull().references('document_spaces.id').onDelete('cascade'))
    .addColumn('parent_id', 'text', (c) => c.references('document_folders.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('family_visible', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('document_folders_space_idx').on('document_folders').column('space_id').execute();
  await db.schema.createIndex('document_folders_parent_idx').on('document_folders').column('parent_id').execute();

  await db.schema
    .createTable('documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('space_id', 'text', (c) => c.notNull().references('document_spaces.id').onDelete('cascade'))
    .addColumn('folder_id', 'text', (c) => c.references('document_folders.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('documents_space_idx').on('documents').columns(['space_id', 'folder_id']).execute();

  await db.schema
    .createTable('document_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('scan_status', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('document_versions_number_uq', ['document_id', 'number'])
    .execute();

  // A homework may point to a document of its class's (or group's) space.
  await db.schema
    .alterTable('homework')
    .addColumn('document_id', 'text', (c) => c.references('documents.id').onDelete('set null'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('homework').dropColumn('document_id').execute();
  await db.schema.dropTable('document_versions').ifExists().execute();
  await db.schema.dropTable('documents').ifExists().execute();
  await db.schema.dropTable('document_folders').ifExists().execute();
  await db.schema.dropTable('document_spaces').ifExists().execute();
}
