import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.
// Questionnaires (docs/questionnaires.md). Anonymous means anonymous: the answers of an anonymous questionnaire go to
// their own table with no column naming a person, a mark or a time (a test checks it), keyed by a random id; the
// "has answered" mark is a separate table (to refuse a second answer and to remind). On SQLite both tables are
// WITHOUT ROWID so that no hidden insertion order links a mark to an answer. Named questionnaires keep who answered
// with the answers.

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const withoutRowid = isPg ? sql`` : sql`without rowid`;
  await s
    .createTable('questionnaires')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('intro', 'text', (c) => c.notNull())
    /** JSON: [{ id, kind: single|multiple|scale|text, label, required, options?, showIf? }]. */
    .addColumn('questions', 'text', (c) => c.notNull())
    /** JSON, the news audience: { publics, siteIds, levels, classIds }, resolved at read time. */
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('anonymous', 'integer', (c) => c.notNull())
    /** draft | published | closed. */
    .addColumn('status', 'text', (c) => c.notNull())
    /** First and last day of answers (Europe/Paris), inclusive. */
    .addColumn('opens_on', 'text', (c) => c.notNull())
    .addColumn('closes_on', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('questionnaires_school_idx').on('questionnaires').columns(['school_id', 'status']).execute();

  await s
    .createTable('questionnaire_marks')
    .addColumn('questionnaire_id', 'text', (c) => c.notNull().references('questionnaires.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('questionnaire_marks_pk', ['questionnaire_id', 'person_id'])
    .modifyEnd(withoutRowid)
    .execute();
  await s.createIndex('questionnaire_marks_person_idx').on('questionnaire_marks').column('person_id').execute();

  await s
    .createTable('questionnaire_anonymous_answers')
    .addColumn('questionnaire_id', 'text', (c) => c.notNull().references('questionnaires.id').onDelete('cascade'))
    /** Random, never derived from the person, the mark or the time. */
    .addColumn('id', 'text', (c) => c.notNull())
    /** JSON: { [questionId]: optionId | optionId[] | 1..5 | text }. */
    .addColumn('answers', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('questionnaire_anonymous_answers_pk', ['questionnaire_id', 'id'])
    .modifyEnd(withoutRowid)
    .execute();

  await s
    .createTable('questionnaire_named_answers')
    .addColumn('questionnaire_id', 'text', (c) => c.notNull().references('questionnaires.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('questionnaire_named_answers_pk', ['questionnaire_id', 'person_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'questionnaire_named_answers',
    'questionnaire_anonymous_answers',
    'questionnaire_marks',
    'questionnaires',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
