/** The demo's resources per site, a few bookings this week, and a parent–teacher evening with its schedule. */
import type { Executor } from '../db/types.ts';
import { newId } from '../lib/ids.ts';
import * as eveningRepo from '../modules/evenings/evenings.repo.ts';
import { scheduleEvening } from '../modules/evenings/evenings.service.ts';
import { addDays, mondayOf } from '../modules/timetable/timetable.calendar.ts';
import { Rng } from './random.ts';

export async function seedBooking(
  db: Executor,
  o: { schoolId: string; today: string; now: string; professeur: string; parent: string; principal?: string },
): Promise<Record<string, number>> {
  const rng = new Rng('booking');
  const sites = await db
    .selectFrom('sites')
    .select(['id', 'name'])
    .where('school_id', '=', o.schoolId)
    .orderBy('name')
    .execute();
  const rooms = await db
    .selectFrom('rooms')
    .select(['id', 'site_id', 'code', 'label'])
    .where('school_id', '=', o.schoolId)
    .orderBy('code')
    .execute();
  const resources: Array<{
    id: string;
    site_id: string;
    room_id: string | null;
    kind: 'room' | 'equipment' | 'vehicle';
    label: string;
    needs_validation: number;
  }> = [];
  for (const site of sites) {
    const siteRooms = rooms.filter((r) => r.site_id === site.id);
    const gym = siteRooms.find((r) => r.code.startsWith('GYM'));
    if (siteRooms.length > 0) {
      // The CDI is a room of the site that the timetable does not use.
      const cdi = newId();
      await db
        .insertInto('rooms')
        .values({
          id: cdi,
          school_id: o.schoolId,
          site_id: site.id,
          code: `CDI-${site.name.slice(-4)}`,
          label: 'CDI',
          capacity: 40,
        })
        .execute();
      resources.push({
        id: newId(),
        site_id: site.id,
        room_id: cdi,
        kind: 'room',
        label: `CDI (${site.name})`,
        needs_validation: 0,
      });
      const first = siteRooms.find((r) => !r.code.startsWith('GYM'));
      if (first)
        resources.push({
          id: newId(),
          site_id: site.id,
          room_id: first.id,
          kind: 'room',
          label: first.label,
          needs_validation: 0,
        });
    }
    if (gym)
      resources.push({
        id: newId(),
        site_id: site.id,
        room_id: gym.id,
        kind: 'room',
        label: gym.label,
        needs_validation: 1,
      });
    for (let i = 1; i <= 2; i++)
      resources.push({
        id: newId(),
        site_id: site.id,
        room_id: null,
        kind: 'equipment',
        label: `Chariot d’ordinateurs portables ${i}`,
        needs_validation: 0,
      });
    resources.push({
      id: newId(),
      site_id: site.id,
      room_id: null,
      kind: 'equipment',
      label: 'Vidéoprojecteur mobile',
      needs_validation: 0,
    });
  }
  if (sites[0])
    resources.push({
      id: newId(),
      site_id: sites.find((s) => s.name === 'Site Parc')?.id ?? sites[0].id,
      room_id: null,
      kind: 'vehicle',
      label: 'Minibus (9 places)',
      needs_validation: 1,
    });
  await db
    .insertInto('resources')
    .values(resources.map((r) => ({ ...r, school_id: o.schoolId, active: 1, created_at: o.now })))
    .execute();

  // Bookings this week: equipment only (no clash with the timetable to check), on different days.
  const monday = mondayOf(o.today);
  const staff = await db
    .selectFrom('profiles')
    .select('person_id')
    .where('school_id', '=', o.schoolId)
    .where('kind', '=', 'teacher')
    .orderBy('person_id')
    .limit(20)
    .execute();
  const equipment = resources.filter((r) => r.kind === 'equipment');
  const bookings = [];
  for (let i = 0; i < Math.min(12, equipment.length * 2); i++) {
    const r = equipment[i % equipment.length]!;
    const hour = 8 + (i % 4) * 2;
    bookings.push({
      id: newId(),
      school_id: o.schoolId,
      resource_id: r.id,
      booked_by: i === 0 ? o.professeur : rng.pick(staff).person_id,
      date: addDays(monday, Math.floor(i / equipment.length) + (i % 5)),
      starts_at: `${String(hour).padStart(2, '0')}:00`,
      ends_at: `${String(hour + 1).padStart(2, '0')}:00`,
      session_key: null,
      series_id: null,
      purpose: rng.pick(['Exposés', 'Recherches documentaires', 'Évaluation en ligne', 'Projection', 'TP']),
      status: 'confirmed' as const,
      decided_by: null,
      decided_at: null,
      created_at: o.now,
    });
  }
  await db.insertInto('resource_bookings').values(bookings).execute();

  // A parent–teacher evening for the classes of the demo parent's children, in two weeks.
  const children = await db
    .selectFrom('guardianships as g')
    .innerJoin('class_memberships as cm', 'cm.pupil_id', 'g.pupil_id')
    .select('cm.class_id')
    .distinct()
    .where('g.guardian_id', '=', o.parent)
    .execute();
  if (children.length === 0) return { resources: resources.length, bookings: bookings.length };
  const classIds = children.map((c) => c.class_id);
  const classes = await db.selectFrom('classes').select(['id', 'site_id']).where('id', 'in', classIds).execute();
  const eveningId = newId();
  const date = addDays(o.today, 14);
  await db
    .insertInto('parent_evenings')
    .values({
      id: eveningId,
      school_id: o.schoolId,
      title: 'Réunion parents-professeurs du 1er trimestre',
      date,
      starts_at: '16:30',
      ends_at: '19:30',
      slot_minutes: 10,
      status: 'open',
      stats: null,
      created_by: o.principal ?? null,
      created_at: o.now,
      scheduled_at: null,
    })
    .execute();
  await db
    .insertInto('parent_evening_classes')
    .values(classIds.map((class_id) => ({ evening_id: eveningId, class_id })))
    .execute();
  const siteOf = new Map(classes.map((c) => [c.id, c.site_id ?? sites[0]!.id]));
  const teachers = new Map<string, string>();
  for (const a of await eveningRepo.findTeachersOfClasses(db, classIds)) {
    if (!teachers.has(a.teacher_id)) teachers.set(a.teacher_id, siteOf.get(a.class_id!)!);
  }
  await db
    .insertInto('parent_evening_teachers')
    .values(
      [...teachers].map(([teacher_id, site_id], i) => ({
        evening_id: eveningId,
        teacher_id,
        site_id,
        room_id: null,
        starts_at: '16:30',
        ends_at: '19:30',
        breaks: i % 3 === 0 ? JSON.stringify([{ startsAt: '18:00', endsAt: '18:20' }]) : '[]',
      })),
    )
    .execute();
  // Requests: most families of these classes ask for 2 to 4 of their child's teachers (the demo parent's own stay
  // to be chosen on the page... except one child's, so that a schedule shows).
  const families = await db
    .selectFrom('class_memberships as cm')
    .innerJoin('guardianships as g', 'g.pupil_id', 'cm.pupil_id')
    .select(['g.guardian_id', 'cm.pupil_id', 'cm.class_id'])
    .where('cm.class_id', 'in', classIds)
    .where('g.court_restricted', '=', 0)
    .where('g.responsibility', '=', 'legal1')
    .orderBy('cm.pupil_id')
    .execute();
  const assignments = await eveningRepo.findTeachersOfClasses(db, classIds);
  const requests = [];
  for (const f of families) {
    if (f.guardian_id !== o.parent && !rng.chance(0.7)) continue;
    const own = [...new Set(assignments.filter((a) => a.class_id === f.class_id).map((a) => a.teacher_id))];
    const n = Math.min(own.length, rng.int(2, 4));
    const chosen = new Set<string>();
    while (chosen.size < n) chosen.add(rng.pick(own));
    for (const teacherId of chosen) {
      requests.push({
        id: newId(),
        evening_id: eveningId,
        guardian_id: f.guardian_id,
        pupil_id: f.pupil_id,
        teacher_id: teacherId,
        priority: rng.chance(0.3) ? 1 : 0,
        starts_at: null,
        ends_at: null,
        created_at: o.now,
      });
    }
  }
  const seen = new Set<string>();
  const unique = requests.filter((r) => {
    const k = `${r.guardian_id}|${r.pupil_id}|${r.teacher_id}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  for (let i = 0; i < unique.length; i += 300) {
    await db
      .insertInto('parent_evening_requests')
      .values(unique.slice(i, i + 300))
      .execute();
  }
  const evening = (await eveningRepo.getEvening(db, eveningId))!;
  await scheduleEvening(db, evening);
  return { resources: resources.length, bookings: bookings.length, eveningRequests: unique.length };
}
