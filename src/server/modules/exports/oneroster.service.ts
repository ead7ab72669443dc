import { ZipFile } from 'yazl';
import type { Executor } from '../../db/types.ts';
import { recordAudit } from '../../lib/audit.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { type Actor, assertCan } from '../../lib/policy.ts';
import { csvFile, stableId } from './oneroster.csv.ts';
import { canExportRoster } from './oneroster.policy.ts';
import * as repo from './oneroster.repo.ts';

/**
 * The school's roster as OneRoster 1.1 CSV files in one zip (docs/imports.md, « Export OneRoster »): what resource
 * publishers and LMSs read to open accounts and classes. Bulk only: `status` and `dateLastModified` are left empty,
 * as the binding asks of bulk files; someone absent from the file is no longer on the roster.
 */

const ORGS = ['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId'] as const;
const SESSIONS = [
  'sourcedId',
  'status',
  'dateLastModified',
  'title',
  'type',
  'startDate',
  'endDate',
  'parentSourcedId',
  'schoolYear',
] as const;
const COURSES = [
  'sourcedId',
  'status',
  'dateLastModified',
  'schoolYearSourcedId',
  'title',
  'courseCode',
  'grades',
  'orgSourcedId',
  'subjects',
  'subjectCodes',
] as const;
const CLASSES = [
  'sourcedId',
  'status',
  'dateLastModified',
  'title',
  'grades',
  'courseSourcedId',
  'classCode',
  'classType',
  'location',
  'schoolSourcedId',
  'termSourcedIds',
  'subjects',
  'subjectCodes',
  'periods',
] as const;
const USERS = [
  'sourcedId',
  'status',
  'dateLastModified',
  'enabledUser',
  'orgSourcedIds',
  'role',
  'username',
  'userIds',
  'givenName',
  'familyName',
  'middleName',
  'identifier',
  'email',
  'sms',
  'phone',
  'agentSourcedIds',
  'grades',
  'password',
] as const;
const ENROLLMENTS = [
  'sourcedId',
  'status',
  'dateLastModified',
  'classSourcedId',
  'schoolSourcedId',
  'userSourcedId',
  'role',
  'primary',
  'beginDate',
  'endDate',
] as const;

type Row<H extends readonly string[]> = Record<H[number], string | null>;
const blank = { status: null, dateLastModified: null } as const;

/** French levels as the CEDS grade codes OneRoster uses: 6e is the sixth year of schooling after CP… */
const GRADE_OF_LEVEL: Record<string, string> = { '6': '06', '5': '07', '4': '08', '3': '09' };
export const gradeOfLevel = (level: string): string => GRADE_OF_LEVEL[/^([3-6])e/.exec(level)?.[1] ?? ''] ?? '';

export interface RosterExport {
  fileName: string;
  contentType: string;
  data: Buffer;
  counts: { users: number; classes: number; enrollments: number };
}

export async function exportOneRoster(
  db: Executor,
  actor: Actor,
  schoolId: string,
  o: { guardians: boolean; day?: string },
): Promise<RosterExport> {
  assertCan(canExportRoster(actor, schoolId), { hide: true, what: 'School' });
  const school = await repo.findSchool(db, schoolId);
  if (!school) throw new AppError('NOT_FOUND', 'School not found');
  const day = o.day ?? todayInParis();
  const year = await repo.findYearOn(db, schoolId, day);
  if (!year) throw new AppError('CONFLICT', 'The school has no school year today: nothing to export');

  const [periods, subjects, classes, groups, pupils, groupMembers, assignments, principals, direction] =
    await Promise.all([
      repo.findPeriods(db, year.id),
      repo.findSubjects(db, schoolId),
      repo.findClasses(db, year.id),
      repo.findGroups(db, year.id),
      repo.findPupilsInClasses(db, year.id, day),
      repo.findGroupMemberships(db, year.id, day),
      repo.findAssignments(db, year.id),
      repo.findClassPrincipals(db, year.id),
      repo.findDirection(db, schoolId),
    ]);
  const guardians = o.guardians
    ? await repo.findGuardians(
        db,
        pupils.map((p) => p.id),
      )
    : [];
  const schoolYear = year.ends_on.slice(0, 4);
  const begin = (d: string) => (d < year.starts_on ? year.starts_on : d);

  // Academic sessions: the school year and its trimesters or semesters.
  const sessions: Row<typeof SESSIONS>[] = [
    {
      ...blank,
      sourcedId: year.id,
      title: `Année scolaire ${year.label}`,
      type: 'schoolYear',
      startDate: year.starts_on,
      endDate: year.ends_on,
      parentSourcedId: null,
      schoolYear,
    },
    ...periods.map((p) => ({
      ...blank,
      sourcedId: p.id,
      title: p.label,
      type: p.kind === 'semestre' ? 'semester' : 'term',
      startDate: p.starts_on,
      endDate: p.ends_on,
      parentSourcedId: year.id,
      schoolYear,
    })),
  ];

  // Courses: one per subject taught this year, one « Classe de 6e »… per level for the homeroom classes.
  const classById = new Map(classes.map((c) => [c.id, c]));
  const groupById = new Map(groups.map((g) => [g.id, g]));
  const subjectById = new Map(subjects.map((s) => [s.id, s]));
  const levels = [...new Set(classes.map((c) => c.level))].sort();
  const levelCourse = (level: string) => stableId('level-course', year.id, level);
  const subjectCourse = (subjectId: string) => stableId('subject-course', year.id, subjectId);

  // Pupils' levels per group, for the grades of a group's sections.
  const levelOfPupil = new Map(pupils.map((p) => [p.id, p.level]));
  const pupilsOfGroup = new Map<string, typeof groupMembers>();
  for (const m of groupMembers) {
    if (!levelOfPupil.has(m.pupil_id)) continue;
    const list = pupilsOfGroup.get(m.group_id) ?? [];
    list.push(m);
    pupilsOfGroup.set(m.group_id, list);
  }
  const gradesOf = (targetId: string): string[] => {
    const c = classById.get(targetId);
    if (c) return [gradeOfLevel(c.level)].filter(Boolean);
    const g = new Set((pupilsOfGroup.get(targetId) ?? []).map((m) => gradeOfLevel(levelOfPupil.get(m.pupil_id)!)));
    return [...g].filter(Boolean).sort();
  };

  // Sections: one scheduled class per (class or group) × subject that someone teaches.
  const sections = new Map<
    string,
    { id: string; targetId: string; subjectId: string; teachers: Map<string, (typeof assignments)[number]> }
  >();
  for (const a of assignments) {
    const targetId = a.class_id ?? a.group_id;
    if (!targetId || !subjectById.has(a.subject_id)) continue;
    if (!classById.has(targetId) && !groupById.has(targetId)) continue;
    const key = `${targetId}|${a.subject_id}`;
    const s = sections.get(key) ?? {
      id: stableId('section', year.id, targetId, a.subject_id),
      targetId,
      subjectId: a.subject_id,
      teachers: new Map(),
    };
    s.teachers.set(a.id, a);
    sections.set(key, s);
  }
  const taughtSubjects = new Set([...sections.values()].map((s) => s.subjectId));

  const courses: Row<typeof COURSES>[] = [
    ...levels.map((level) => ({
      ...blank,
      sourcedId: levelCourse(level),
      schoolYearSourcedId: year.id,
      title: `Classe de ${level}`,
      courseCode: `CLASSE-${level.toUpperCase()}`,
      grades: gradeOfLevel(level),
      orgSourcedId: school.id,
      subjects: null,
      subjectCodes: null,
    })),
    ...subjects
      .filter((s) => taughtSubjects.has(s.id))
      .sort((a, b) => a.label.localeCompare(b.label, 'fr'))
      .map((s) => ({
        ...blank,
        sourcedId: subjectCourse(s.id),
        schoolYearSourcedId: year.id,
        title: s.label,
        courseCode: s.code,
        grades: null,
        orgSourcedId: school.id,
        subjects: s.label,
        subjectCodes: null,
      })),
  ];

  const classRows: Row<typeof CLASSES>[] = [
    ...classes.map((c) => ({
      ...blank,
      sourcedId: c.id,
      title: c.label,
      grades: gradeOfLevel(c.level) || null,
      courseSourcedId: levelCourse(c.level),
      classCode: c.code,
      classType: 'homeroom',
      location: null,
      schoolSourcedId: school.id,
      termSourcedIds: year.id,
      subjects: null,
      subjectCodes: null,
      periods: null,
    })),
    ...[...sections.values()].map((s) => {
      const target = classById.get(s.targetId) ?? groupById.get(s.targetId)!;
      const subject = subjectById.get(s.subjectId)!;
      return {
        ...blank,
        sourcedId: s.id,
        title: `${subject.label} — ${target.label}`,
        grades: gradesOf(s.targetId).join(',') || null,
        courseSourcedId: subjectCourse(s.subjectId),
        classCode: `${target.code}-${subject.code}`,
        classType: 'scheduled',
        location: null,
        schoolSourcedId: school.id,
        termSourcedIds: year.id,
        subjects: subject.label,
        subjectCodes: null,
        periods: null,
      };
    }),
  ];

  // Enrollments.
  const enrollments: Row<typeof ENROLLMENTS>[] = [];
  const enrol = (
    classId: string,
    userId: string,
    role: 'student' | 'teacher',
    primary: boolean,
    from: string,
    to: string | null,
  ) =>
    enrollments.push({
      ...blank,
      sourcedId: stableId('enrollment', classId, userId, role),
      classSourcedId: classId,
      schoolSourcedId: school.id,
      userSourcedId: userId,
      role,
      primary: primary ? 'true' : 'false',
      beginDate: begin(from),
      endDate: to,
    });
  const pupilsOfClass = new Map<string, typeof pupils>();
  for (const p of pupils) {
    const list = pupilsOfClass.get(p.class_id) ?? [];
    list.push(p);
    pupilsOfClass.set(p.class_id, list);
    enrol(p.class_id, p.id, 'student', false, p.starts_on, p.ends_on);
  }
  for (const cp of principals) enrol(cp.class_id, cp.id, 'teacher', true, year.starts_on, null);
  for (const s of sections.values()) {
    const seen = new Set<string>();
    for (const t of s.teachers.values()) {
      if (seen.has(t.id)) continue;
      seen.add(t.id);
      enrol(s.id, t.id, 'teacher', true, year.starts_on, null);
    }
    if (classById.has(s.targetId)) {
      for (const p of pupilsOfClass.get(s.targetId) ?? []) enrol(s.id, p.id, 'student', false, p.starts_on, p.ends_on);
    } else {
      for (const m of pupilsOfGroup.get(s.targetId) ?? [])
        enrol(s.id, m.pupil_id, 'student', false, m.starts_on, m.ends_on);
    }
  }

  // Users: one row per person (OneRoster 1.1 has one role per user): teacher, then administrator, then guardian.
  const users = new Map<string, Row<typeof USERS>>();
  const person = (
    p: { id: string; login: string; first_name: string; last_name: string; email: string | null },
    role: string,
    extra: { email?: boolean; agents?: string; grades?: string } = {},
  ): Row<typeof USERS> => ({
    ...blank,
    sourcedId: p.id,
    enabledUser: 'true',
    orgSourcedIds: school.id,
    role,
    username: p.login,
    userIds: null,
    givenName: p.first_name,
    familyName: p.last_name,
    middleName: null,
    identifier: null,
    email: extra.email ? p.email : null,
    sms: null,
    phone: null,
    agentSourcedIds: extra.agents || null,
    grades: extra.grades || null,
    password: null,
  });
  const guardiansOf = new Map<string, Set<string>>();
  const childrenOf = new Map<string, Set<string>>();
  for (const g of guardians) {
    guardiansOf.set(g.pupil_id, (guardiansOf.get(g.pupil_id) ?? new Set()).add(g.id));
    childrenOf.set(g.id, (childrenOf.get(g.id) ?? new Set()).add(g.pupil_id));
  }
  for (const p of pupils) {
    if (users.has(p.id)) continue;
    users.set(
      p.id,
      person(p, 'student', {
        agents: [...(guardiansOf.get(p.id) ?? [])].sort().join(','),
        grades: gradeOfLevel(p.level),
      }),
    );
  }
  for (const t of [...assignments, ...principals])
    if (!users.has(t.id)) users.set(t.id, person(t, 'teacher', { email: true }));
  for (const d of direction) if (!users.has(d.id)) users.set(d.id, person(d, 'administrator', { email: true }));
  for (const g of guardians) {
    if (users.has(g.id)) continue;
    const legal = guardians.some((x) => x.id === g.id && x.responsibility !== 'contact');
    users.set(
      g.id,
      person(g, legal ? 'guardian' : 'relative', { email: true, agents: [...childrenOf.get(g.id)!].sort().join(',') }),
    );
  }

  const manifest = [
    ['manifest.version', '1.0'],
    ['oneroster.version', '1.1'],
    ['file.academicSessions', 'bulk'],
    ['file.categories', 'absent'],
    ['file.classes', 'bulk'],
    ['file.classResources', 'absent'],
    ['file.courses', 'bulk'],
    ['file.courseResources', 'absent'],
    ['file.demographics', 'absent'],
    ['file.enrollments', 'bulk'],
    ['file.lineItems', 'absent'],
    ['file.orgs', 'bulk'],
    ['file.resources', 'absent'],
    ['file.results', 'absent'],
    ['file.users', 'bulk'],
    ['source.systemName', 'Préau'],
    ['source.systemCode', school.uai],
  ].map(([propertyName, value]) => ({ propertyName: propertyName!, value: value! }));

  const files: Array<[string, string]> = [
    ['manifest.csv', csvFile(['propertyName', 'value'] as const, manifest)],
    [
      'orgs.csv',
      csvFile(ORGS, [
        {
          ...blank,
          sourcedId: school.id,
          name: school.name,
          type: 'school',
          identifier: school.uai,
          parentSourcedId: null,
        },
      ]),
    ],
    ['academicSessions.csv', csvFile(SESSIONS, sessions)],
    ['courses.csv', csvFile(COURSES, courses)],
    ['classes.csv', csvFile(CLASSES, classRows)],
    ['users.csv', csvFile(USERS, [...users.values()])],
    ['enrollments.csv', csvFile(ENROLLMENTS, enrollments)],
  ];
  const data = await zipTexts(files);
  await recordAudit(db, {
    schoolId,
    actorPersonId: actor.personId,
    action: 'roster.export',
    details: { format: 'oneroster-1.1', users: users.size, guardians: o.guardians },
  });
  return {
    fileName: `oneroster-${school.uai}-${year.label}.zip`,
    contentType: 'application/zip',
    data,
    counts: { users: users.size, classes: classRows.length, enrollments: enrollments.length },
  };
}

function zipTexts(files: ReadonlyArray<[string, string]>): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, text] of files) zip.addBuffer(Buffer.from(text, 'utf8'), name, { mtime: new Date() });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}
