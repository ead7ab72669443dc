import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.
// Types stay portable: text ids, 'YYYY-MM-DD' dates, ISO UTC instants as text, integers 0/1 for booleans.

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('schools')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('uai', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('town', 'text', (c) => c.notNull())
    .addColumn('academie', 'text', (c) => c.notNull())
    .addColumn('holiday_zone', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('sites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('network_ranges', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await s.createIndex('sites_school_idx').on('sites').column('school_id').execute();

  await s
    .createTable('school_years')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addUniqueConstraint('school_years_school_label_uq', ['school_id', 'label'])
    .execute();

  await s
    .createTable('periods')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('school_year_id', 'text', (c) => c.notNull().references('school_years.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addUniqueConstraint('periods_year_number_uq', ['school_year_id', 'number'])
    .execute();

  await s
    .createTable('subjects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addUniqueConstraint('subjects_school_code_uq', ['school_id', 'code'])
    .execute();

  await s
    .createTable('classes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('school_year_id', 'text', (c) => c.notNull().references('school_years.id').onDelete('cascade'))
    .addColumn('site_id', 'text', (c) => c.references('sites.id').onDelete('set null'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addUniqueConstraint('classes_year_code_uq', ['school_year_id', 'code'])
    .execute();
  await s.createIndex('classes_school_idx').on('classes').column('school_id').execute();

  await s
    .createTable('groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('school_year_id', 'text', (c) => c.notNull().references('school_years.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addUniqueConstraint('groups_year_code_uq', ['school_year_id', 'code'])
    .execute();
  await s.createIndex('groups_school_idx').on('groups').column('school_id').execute();

  await s
    .createTable('people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('login', 'text', (c) => c.notNull().unique())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text')
    .addColumn('email', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('activation_code_hash', 'text')
    .addColumn('activation_expires_at', 'text')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('fr'))
    .addColumn('is_deployment_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled_at', 'text')
    .addColumn('external_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('people_activation_idx').on('people').column('activation_code_hash').execute();
  await s.createIndex('people_name_idx').on('people').columns(['last_name', 'first_name']).execute();

  await s
    .createTable('profiles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addUniqueConstraint('profiles_person_school_kind_uq', ['person_id', 'school_id', 'kind'])
    .execute();
  await s.createIndex('profiles_school_kind_idx').on('profiles').columns(['school_id', 'kind']).execute();

  await s
    .createTable('staff_functions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('function', 'text', (c) => c.notNull())
    .addUniqueConstraint('staff_functions_uq', ['person_id', 'school_id', 'function'])
    .execute();
  await s.createIndex('staff_functions_school_idx').on('staff_functions').columns(['school_id', 'function']).execute();

  await s
    .createTable('class_memberships')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id').onDelete('cascade'))
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text')
    .execute();
  await s.createIndex('class_memberships_pupil_idx').on('class_memberships').column('pupil_id').execute();
  await s.createIndex('class_memberships_class_idx').on('class_memberships').column('class_id').execute();

  await s
    .createTable('group_memberships')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text')
    .execute();
  await s.createIndex('group_memberships_pupil_idx').on('group_memberships').column('pupil_id').execute();
  await s.createIndex('group_memberships_group_idx').on('group_memberships').column('group_id').execute();

  await s
    .createTable('guardianships')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('guardian_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('responsibility', 'text', (c) => c.notNull())
    .addColumn('lives_with', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('receives_mail', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('may_collect', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('court_restricted', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('guardianships_uq', ['guardian_id', 'pupil_id'])
    .execute();
  await s.createIndex('guardianships_pupil_idx').on('guardianships').column('pupil_id').execute();

  await s
    .createTable('teaching_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('school_year_id', 'text', (c) => c.notNull().references('school_years.id').onDelete('cascade'))
    .addColumn('teacher_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('class_id', 'text', (c) => c.references('classes.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.references('groups.id').onDelete('cascade'))
    .addColumn('subject_id', 'text', (c) => c.notNull().references('subjects.id').onDelete('cascade'))
    .execute();
  await s.createIndex('teaching_assignments_teacher_idx').on('teaching_assignments').column('teacher_id').execute();
  await s.createIndex('teaching_assignments_class_idx').on('teaching_assignments').column('class_id').execute();
  await s.createIndex('teaching_assignments_group_idx').on('teaching_assignments').column('group_id').execute();

  await s
    .createTable('class_principals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id').onDelete('cascade'))
    .addColumn('teacher_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addUniqueConstraint('class_principals_uq', ['class_id', 'teacher_id'])
    .execute();
  await s.createIndex('class_principals_teacher_idx').on('class_principals').column('teacher_id').execute();

  await s
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('school_id', 'text', (c) => c.references('schools.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('sessions_person_idx').on('sessions').column('person_id').execute();

  await s
    .createTable('auth_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'auth_throttle',
    'sessions',
    'class_principals',
    'teaching_assignments',
    'guardianships',
    'group_memberships',
    'class_memberships',
    'staff_functions',
    'profiles',
    'people',
    'groups',
    'classes',
    'subjects',
    'periods',
    'school_years',
    'sites',
    'schools',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
