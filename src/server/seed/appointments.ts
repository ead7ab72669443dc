import type { AppointmentTable, Executor } from '../db/types.ts';
import { newId } from '../lib/ids.ts';
import { RECEPTION_SETTING } from '../modules/appointments/reception.settings.ts';
import { parisInstant } from '../modules/attendance/attendance.halfdays.ts';
import { addDays, weekdayOf } from '../modules/timetable/timetable.calendar.ts';

interface Notable {
  parent: string;
  eleve: string;
  professeur: string;
  staff: Partial<Record<string, string>>;
}

const INFO: Record<string, string> = {
  'Site Parc':
    '<h2>Horaires</h2><p>Accueil ouvert du lundi au vendredi de 7 h 45 à 17 h 30, le mercredi jusqu’à 12 h 30.</p>' +
    '<h2>Qui contacter ?</h2><ul><li><strong>Absences, retards :</strong> la vie scolaire (CPE), 01 48 00 00 11</li>' +
    '<li><strong>Inscriptions, certificats de scolarité :</strong> le secrétariat, 01 48 00 00 10</li>' +
    '<li><strong>Bourses, fonds social :</strong> l’assistante sociale, sur rendez-vous</li>' +
    '<li><strong>Santé, PAI :</strong> l’infirmerie</li></ul>' +
    '<h2>Cantine</h2><p>Les menus sont affichés à l’entrée. Le paiement se fait au trimestre auprès de l’intendance.</p>' +
    '<h2>Transports</h2><p>Bus 615 et 617, arrêt « Collège Le Parc ». Carte Imagine R : dossier au secrétariat.</p>' +
    '<h2>Formulaires</h2><ul><li><a href="https://www.service-public.fr/particuliers/vosdroits/F2376">Autorisation de sortie du territoire</a></li></ul>',
  'Annexe Barrault':
    '<h2>Horaires</h2><p>Loge ouverte de 8 h à 17 h. Les classes de 6e et de 5e de l’annexe y ont cours.</p>' +
    '<h2>Accès</h2><p>Entrée rue Barrault ; les vélos se garent dans la cour. Parking réservé au personnel.</p>' +
    '<h2>Qui contacter ?</h2><ul><li>La loge de l’annexe pour un retard ou un départ anticipé</li>' +
    '<li>La vie scolaire du site Parc pour les absences</li></ul>',
  'Annexe Solbes':
    '<h2>Horaires</h2><p>Loge ouverte de 8 h à 16 h 30 (le mercredi jusqu’à 12 h).</p>' +
    '<h2>Cantine</h2><p>Les élèves de l’annexe déjeunent au site Parc : navette à 11 h 50.</p>' +
    '<h2>Qui contacter ?</h2><ul><li>La loge de l’annexe, 01 48 00 00 30</li></ul>',
};

/**
 * Availability for the demo staff (CPE, psyEN, nurse, the professeur and two more teachers of the demo child), a
 * few appointments in the coming days, today's visitor log, and the practical information of every site.
 */
export async function seedAppointments(
  db: Executor,
  o: { schoolId: string; today: string; now: string; notable: Notable },
): Promise<Record<string, number>> {
  const sites = await db
    .selectFrom('sites')
    .select(['id', 'name'])
    .where('school_id', '=', o.schoolId)
    .orderBy('name')
    .execute();
  const parc = sites.find((s) => s.name === 'Site Parc') ?? sites[0];
  if (!parc) return {};
  const ofChild = await db
    .selectFrom('teaching_assignments as ta')
    .innerJoin('class_memberships as m', 'm.class_id', 'ta.class_id')
    .select('ta.teacher_id')
    .distinct()
    .where('m.pupil_id', '=', o.notable.eleve)
    .where('ta.teacher_id', '<>', o.notable.professeur)
    .orderBy('ta.teacher_id')
    .limit(2)
    .execute();
  const { cpe, psyen, infirmiere } = o.notable.staff;
  // [staff, weekday, from, to, minutes, private]
  const plan: Array<[string | undefined, number, string, string, number, boolean]> = [
    [cpe, 1, '14:00', '17:00', 30, false],
    [cpe, 2, '14:00', '17:00', 30, false],
    [cpe, 4, '14:00', '17:00', 30, false],
    [psyen, 2, '09:00', '12:00', 45, true],
    [psyen, 5, '09:00', '12:00', 45, true],
    [infirmiere, 1, '10:00', '11:40', 20, true],
    [infirmiere, 3, '10:00', '11:40', 20, true],
    [o.notable.professeur, 4, '16:30', '18:00', 15, false],
    [ofChild[0]?.teacher_id, 2, '16:30', '17:30', 15, false],
    [ofChild[1]?.teacher_id, 5, '15:30', '16:30', 15, false],
  ];
  const staffIds = new Set<string>();
  for (const [staffId, weekday, startsAt, endsAt, minutes] of plan) {
    if (!staffId) continue;
    staffIds.add(staffId);
    await db
      .insertInto('appointment_availabilities')
      .values({
        id: newId(),
        school_id: o.schoolId,
        staff_id: staffId,
        site_id: parc.id,
        room_id: null,
        weekday,
        starts_at: startsAt,
        ends_at: endsAt,
        slot_minutes: minutes,
        created_at: o.now,
      })
      .execute();
  }
  for (const staffId of staffIds) {
    const isPrivate = staffId === psyen || staffId === infirmiere;
    await db
      .insertInto('appointment_settings')
      .values({
        id: newId(),
        school_id: o.schoolId,
        staff_id: staffId,
        book_ahead_days: 21,
        private_reason: isPrivate ? 1 : 0,
        updated_at: o.now,
      })
      .execute();
  }

  // Families of the school (legal guardian 1), the demo parent first.
  const families = await db
    .selectFrom('guardianships as g')
    .innerJoin('profiles as pr', (j) => j.onRef('pr.person_id', '=', 'g.pupil_id').on('pr.kind', '=', 'pupil'))
    .select(['g.guardian_id', 'g.pupil_id'])
    .where('pr.school_id', '=', o.schoolId)
    .where('g.responsibility', '=', 'legal1')
    .where('g.court_restricted', '=', 0)
    .orderBy('g.pupil_id')
    .limit(6)
    .execute();
  const demoFamily = { guardian_id: o.notable.parent, pupil_id: o.notable.eleve };
  const others = families.filter((f) => f.guardian_id !== o.notable.parent);
  // The next such weekday from today on: the demo always has appointments to come this week or the next.
  const nextOn = (weekday: number) => addDays(o.today, (weekday - weekdayOf(o.today) + 7) % 7);
  // [staff, family, weekday, time, minutes, reason]
  const booked: Array<
    [string | undefined, { guardian_id: string; pupil_id: string } | undefined, number, string, number, string]
  > = [
    [cpe, demoFamily, 4, '14:30', 30, 'Point sur les retards du matin'],
    [o.notable.professeur, demoFamily, 4, '16:45', 15, 'Résultats du premier trimestre'],
    [cpe, others[0], 2, '15:00', 30, 'Comportement en classe'],
    [psyen, others[1], 2, '09:45', 45, 'Orientation et projet personnel'],
    [infirmiere, others[2], 1, '10:20', 20, 'Mise en place d’un PAI'],
    [cpe, others[3], 1, '16:00', 30, 'Assiduité'],
  ];
  let appointments = 0;
  for (const [staffId, family, weekday, startsAt, minutes, reason] of booked) {
    if (!staffId || !family) continue;
    const date = nextOn(weekday);
    const [h, m] = startsAt.split(':').map(Number) as [number, number];
    const end = h * 60 + m + minutes;
    const row: AppointmentTable = {
      id: newId(),
      school_id: o.schoolId,
      staff_id: staffId,
      site_id: parc.id,
      room_id: null,
      pupil_id: family.pupil_id,
      guardian_id: family.guardian_id,
      booked_by: family.guardian_id,
      on_date: date,
      starts_at: startsAt,
      ends_at: `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`,
      reason,
      reason_private: staffId === psyen || staffId === infirmiere ? 1 : 0,
      active_slot: `${date}T${startsAt}`,
      status: 'booked',
      cancelled_at: null,
      cancelled_by: null,
      cancel_reason: null,
      arrived_at: null,
      reminded_at: null,
      created_at: o.now,
    };
    await db.insertInto('appointments').values(row).execute();
    appointments++;
  }

  const visits: Array<[string, string, string, string | null]> = [
    ['M. Garnier (livreur)', 'Intendance', '08:20', '08:35'],
    ['Mme Benali', 'Secrétariat', '09:10', '09:25'],
    ['M. Roussel (technicien)', 'Salle informatique', '10:05', null],
  ];
  for (const [name, visiting, from, to] of visits) {
    await db
      .insertInto('reception_visits')
      .values({
        id: newId(),
        school_id: o.schoolId,
        site_id: parc.id,
        visitor_name: name,
        visiting,
        appointment_id: null,
        arrived_at: parisInstant(o.today, from).toISOString(),
        left_at: to ? parisInstant(o.today, to).toISOString() : null,
        recorded_by: o.notable.staff.accueil ?? null,
      })
      .execute();
  }

  for (const site of sites) {
    await db
      .insertInto('info_pages')
      .values({
        id: newId(),
        school_id: o.schoolId,
        site_id: site.id,
        body_html: INFO[site.name] ?? INFO['Site Parc'] ?? '',
        updated_at: o.now,
        updated_by: o.notable.staff.secretariat ?? null,
      })
      .execute();
  }
  await db
    .insertInto('school_settings')
    .values({
      school_id: o.schoolId,
      name: RECEPTION_SETTING.name,
      value: JSON.stringify({ ...RECEPTION_SETTING.defaults, infoPublic: true }),
      updated_by: null,
      updated_at: o.now,
    })
    .execute();
  return { appointments, visits: visits.length, infoPages: sites.length };
}
