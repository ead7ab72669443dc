import type { Db } from '../db/types.ts';
import { todayInParis } from '../lib/dates.ts';
import { nowIso } from '../lib/ids.ts';
import { hashPassword } from '../lib/passwords.ts';
import type { StaffFunction } from '../lib/policy.ts';
import type { FileStorage } from '../lib/storage.ts';
import { seedAppointments } from './appointments.ts';
import { seedAttendance } from './attendance.ts';
import { seedBooking } from './booking.ts';
import { seedCahier } from './cahier.ts';
import { seedDiscipline } from './discipline.ts';
import { seedDocuments } from './documents.ts';
import { seedFollowup } from './followup.ts';
import {
  type CollegeSpec,
  type GeneratedCollege,
  generateCollege,
  insertSeedRows,
  LoginRegistry,
} from './generator.ts';
import { seedGrades } from './grades.ts';
import { seedMail } from './mail.ts';
import { seedMessaging } from './messaging.ts';
import { seedNews } from './news.ts';
import { seedQuestionnaires } from './questionnaires.ts';
import { seedReportCards } from './report-cards.ts';
import { seedTimetable } from './timetable.ts';
import { seedUsage } from './usage.ts';

/** The password of the demo sign-ins. Demo data only: never on a real deployment's accounts. */
export const DEMO_PASSWORD = 'college-le-parc';
export const DEMO_LOGINS = [
  'eleve',
  'parent',
  'professeur',
  'cpe',
  'principal',
  'secretariat',
  'accueil',
  'psyen',
  'assistante-sociale',
  'infirmiere',
  'dpo',
  'admin',
] as const;
export type DemoLogin = (typeof DEMO_LOGINS)[number];

const STAFF_LOGINS: ReadonlyArray<readonly [DemoLogin, StaffFunction]> = [
  ['cpe', 'cpe'],
  ['principal', 'principal'],
  ['secretariat', 'secretariat'],
  ['accueil', 'accueil'],
  ['psyen', 'psyen'],
  ['assistante-sociale', 'assistante_sociale'],
  ['infirmiere', 'infirmiere'],
  ['dpo', 'dpo'],
  ['admin', 'school_admin'],
];

/** Collège Le Parc, Aulnay-sous-Bois: a made-up school of about a thousand pupils on three sites. */
export const LE_PARC: CollegeSpec = {
  seed: 'college-le-parc',
  uai: '0931234X',
  name: 'Collège Le Parc',
  town: 'Aulnay-sous-Bois',
  academie: 'Créteil',
  holidayZone: 'C',
  sites: [
    {
      name: 'Site Parc',
      address: '12 allée du Parc, 93600 Aulnay-sous-Bois',
      networkRanges: ['10.93.60.0/24', '10.93.61.0/24'],
      levels: ['4e', '3e'],
    },
    {
      name: 'Annexe Barrault',
      address: '45 rue Jean-Louis Barrault, 93600 Aulnay-sous-Bois',
      networkRanges: ['10.93.62.0/24'],
      levels: ['6e', '5e'],
    },
    {
      name: 'Annexe Solbes',
      address: '8 avenue Raymond Solbes, 93600 Aulnay-sous-Bois',
      networkRanges: ['10.93.63.0/25'],
      levels: [],
    },
  ],
  classesPerLevel: 9,
  classSize: [25, 30],
  teachers: 80,
  staff: {
    principal: 1,
    deputy: 1,
    cpe: 3,
    assistant_education: 20,
    psyen: 1,
    assistante_sociale: 1,
    infirmiere: 2,
    secretariat: 5,
    accueil: 3,
    documentaliste: 2,
    school_admin: 1,
    dpo: 1,
  },
  lv2: [
    ['ESPAGNOL LV2', 55],
    ['ALLEMAND LV2', 20],
    ['ARABE LV2', 15],
    ['PORTUGAIS LV2', 10],
  ],
  latin: true,
  cham: true,
  chas: true,
  ulis: true,
  contactRate: 0.55,
};

/**
 * Gives the demo sign-ins (DEMO_LOGINS, all with the same password) to the notable people of a
 * generated Collège Le Parc; the admin is also deployment administrator.
 */
export function applyDemoAccounts(college: GeneratedCollege, passwordHash: string): void {
  const targets = new Map<string, DemoLogin>([
    [college.notable.eleve, 'eleve'],
    [college.notable.parent, 'parent'],
    [college.notable.professeur, 'professeur'],
  ]);
  for (const [login, fn] of STAFF_LOGINS) {
    const id = college.notable.staff[fn];
    if (id) targets.set(id, login);
  }
  for (const person of college.rows.people) {
    const login = targets.get(person.id!);
    if (!login) continue;
    person.login = login;
    person.password_hash = passwordHash;
    if (login === 'admin') person.is_deployment_admin = 1;
  }
}

/** Reserves the demo logins so no generated 'prenom.nom' login can take them. */
export function reserveDemoLogins(logins: LoginRegistry): void {
  for (const login of DEMO_LOGINS) logins.reserve(login);
}

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('schools').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

/**
 * Seeds Collège Le Parc in one transaction. Only the demo sign-ins get a password; every other
 * account has none and would be activated with a code, as on a real deployment.
 */
/** `storage`: where the demo documents go (none without it: tests that only need the rows stay fast). */
export async function seedDemoCollege(db: Db, o: { storage?: FileStorage } = {}): Promise<Record<string, number>> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const logins = new LoginRegistry();
  reserveDemoLogins(logins);
  const college = generateCollege(LE_PARC, { logins, passwordHash: null, today: todayInParis(), now: nowIso() });
  applyDemoAccounts(college, passwordHash);
  await db.transaction().execute((trx) => insertSeedRows(trx, college.rows));
  await db.transaction().execute((trx) => seedTimetable(trx, college, { today: todayInParis(), now: nowIso() }));
  await db
    .transaction()
    .execute((trx) => seedCahier(trx, { schoolId: college.schoolId, today: todayInParis(), now: nowIso() }));
  await db
    .transaction()
    .execute((trx) => seedAttendance(trx, { schoolId: college.schoolId, today: todayInParis(), now: nowIso() }));
  // After attendance: a pupil absent on the day of an assessment gets ABS.
  const grades = await db
    .transaction()
    .execute((trx) => seedGrades(trx, { schoolId: college.schoolId, today: todayInParis(), now: nowIso() }));
  // The first trimester's report cards, published (the demo sign-ins' own stay unread).
  const reportCards = await db
    .transaction()
    .execute((trx) => seedReportCards(trx, { schoolId: college.schoolId, now: nowIso(), unreadLogins: DEMO_LOGINS }));
  const messaging = await db.transaction().execute((trx) =>
    seedMessaging(trx, {
      schoolId: college.schoolId,
      now: nowIso(),
      notable: { ...college.notable, ...(college.notable.staff.cpe ? { cpe: college.notable.staff.cpe } : {}) },
    }),
  );
  // A year of usage counters for the pilotage dashboards.
  const siteIds = (
    await db.selectFrom('sites').select(['id', 'name']).where('school_id', '=', college.schoolId).execute()
  )
    .sort(
      (a, b) => LE_PARC.sites.findIndex((s) => s.name === a.name) - LE_PARC.sites.findIndex((s) => s.name === b.name),
    )
    .map((s) => s.id);
  const usage = await db
    .transaction()
    .execute((trx) =>
      seedUsage(trx, { schoolId: college.schoolId, siteIds, zone: LE_PARC.holidayZone, today: todayInParis() }),
    );
  const staff = college.notable.staff;
  const news = await db.transaction().execute((trx) =>
    seedNews(trx, {
      schoolId: college.schoolId,
      today: todayInParis(),
      now: nowIso(),
      notable: {
        parent: college.notable.parent,
        ...(staff.secretariat ? { secretary: staff.secretariat } : {}),
        ...(staff.principal ? { principal: staff.principal } : {}),
        ...(staff.cpe ? { cpe: staff.cpe } : {}),
      },
    }),
  );
  // The equipment questionnaire of the rentrée (closed) and the satisfaction one (open), with answers.
  const questionnaires = await db.transaction().execute((trx) =>
    seedQuestionnaires(trx, {
      schoolId: college.schoolId,
      today: todayInParis(),
      now: nowIso(),
      author: staff.principal ?? null,
      keep: [college.notable.parent, college.notable.eleve, college.notable.professeur],
    }),
  );
  const discipline = await db.transaction().execute((trx) =>
    seedDiscipline(trx, {
      schoolId: college.schoolId,
      today: todayInParis(),
      now: nowIso(),
      notable: {
        ...college.notable,
        principal: college.notable.staff.principal,
        cpe: college.notable.staff.cpe,
        infirmiere: college.notable.staff.infirmiere,
      },
    }),
  );
  const followup = await db
    .transaction()
    .execute((trx) =>
      seedFollowup(trx, { schoolId: college.schoolId, today: todayInParis(), now: nowIso(), notable: college.notable }),
    );
  const appointments = await db.transaction().execute((trx) =>
    seedAppointments(trx, {
      schoolId: college.schoolId,
      today: todayInParis(),
      now: nowIso(),
      notable: college.notable,
    }),
  );
  const booking = await db.transaction().execute((trx) =>
    seedBooking(trx, {
      schoolId: college.schoolId,
      today: todayInParis(),
      now: nowIso(),
      professeur: college.notable.professeur,
      parent: college.notable.parent,
      ...(college.notable.staff.principal ? { principal: college.notable.staff.principal } : {}),
    }),
  );
  const documents = o.storage
    ? await db.transaction().execute((trx) =>
        seedDocuments(trx, o.storage!, {
          schoolId: college.schoolId,
          now: nowIso(),
          professeur: college.notable.professeur,
          eleve: college.notable.eleve,
          ...(staff.principal ? { principal: staff.principal } : {}),
        }),
      )
    : {};
  // Last: the demo addresses it gives make every later notification queue a mail too.
  const mail = await db.transaction().execute((trx) => seedMail(trx, { schoolId: college.schoolId, now: nowIso() }));
  return {
    schools: 1,
    ...college.counts,
    ...grades,
    ...reportCards,
    ...messaging,
    ...usage,
    ...news,
    ...questionnaires,
    ...mail,
    ...discipline,
    ...followup,
    ...appointments,
    ...booking,
    ...documents,
  };
}
