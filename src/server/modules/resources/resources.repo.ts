import type { Executor } from '../../db/types.ts';

const resourceSelect = (db: Executor) =>
  db
    .selectFrom('resources as r')
    .innerJoin('sites as s', 's.id', 'r.site_id')
    .select([
      'r.id',
      'r.school_id',
      'r.site_id',
      'r.room_id',
      'r.kind',
      'r.label',
      'r.needs_validation',
      's.name as site_name',
    ])
    .where('r.active', '=', 1);
export type ResourceRow = Awaited<ReturnType<ReturnType<typeof resourceSelect>['execute']>>[number];

export function findResourcesOfSchool(
  db: Executor,
  schoolId: string,
  o: { siteId?: string; resourceId?: string } = {},
) {
  let q = resourceSelect(db).where('r.school_id', '=', schoolId);
  if (o.siteId) q = q.where('r.site_id', '=', o.siteId);
  if (o.resourceId) q = q.where('r.id', '=', o.resourceId);
  return q.orderBy('s.name').orderBy('r.kind').orderBy('r.label').execute();
}

export function getResource(db: Executor, id: string) {
  return resourceSelect(db).where('r.id', '=', id).executeTakeFirst();
}

export function findResourceOfRoom(db: Executor, roomId: string) {
  return resourceSelect(db).where('r.room_id', '=', roomId).executeTakeFirst();
}

export function findSitesOfSchool(db: Executor, schoolId: string) {
  return db.selectFrom('sites').select(['id', 'name']).where('school_id', '=', schoolId).orderBy('name').execute();
}

/**
 * Takes the resource's row lock (PostgreSQL: FOR UPDATE semantics through the UPDATE; SQLite: the write lock of the
 * transaction): two bookings of one resource check and insert one after the other.
 */
export async function lockResource(db: Executor, resourceId: string) {
  await db
    .updateTable('resources')
    .set((eb) => ({ lock_version: eb('lock_version', '+', 1) }))
    .where('id', '=', resourceId)
    .execute();
}

const bookingSelect = (db: Executor) =>
  db
    .selectFrom('resource_bookings as b')
    .innerJoin('resources as r', 'r.id', 'b.resource_id')
    .innerJoin('sites as s', 's.id', 'r.site_id')
    .innerJoin('people as p', 'p.id', 'b.booked_by')
    .select([
      'b.id',
      'b.school_id',
      'b.resource_id',
      'b.booked_by',
      'b.date',
      'b.starts_at',
      'b.ends_at',
      'b.session_key',
      'b.series_id',
      'b.purpose',
      'b.status',
      'r.label as resource_label',
      'r.kind as resource_kind',
      'r.room_id as resource_room_id',
      's.name as site_name',
      'p.first_name',
      'p.last_name',
    ]);
export type BookingRow = Awaited<ReturnType<ReturnType<typeof bookingSelect>['execute']>>[number];

/** Pending and confirmed bookings of resources between two dates (they make a resource busy). */
export function findActiveBookings(db: Executor, o: { resourceIds: readonly string[]; from: string; to: string }) {
  if (o.resourceIds.length === 0) return Promise.resolve([]);
  return bookingSelect(db)
    .where('b.resource_id', 'in', [...o.resourceIds])
    .where('b.date', '>=', o.from)
    .where('b.date', '<=', o.to)
    .where('b.status', 'in', ['pending', 'confirmed'])
    .orderBy('b.date')
    .orderBy('b.starts_at')
    .execute();
}

export function getBooking(db: Executor, id: string) {
  return bookingSelect(db).where('b.id', '=', id).executeTakeFirst();
}

export function findBookingsOf(db: Executor, personId: string, from: string) {
  return bookingSelect(db)
    .where('b.booked_by', '=', personId)
    .where('b.date', '>=', from)
    .orderBy('b.date')
    .orderBy('b.starts_at')
    .limit(200)
    .execute();
}

export function findPendingOfSchool(db: Executor, schoolId: string, from: string) {
  return bookingSelect(db)
    .where('b.school_id', '=', schoolId)
    .where('b.status', '=', 'pending')
    .where('b.date', '>=', from)
    .orderBy('b.date')
    .orderBy('b.starts_at')
    .limit(200)
    .execute();
}

export async function insertBookings(
  db: Executor,
  rows: ReadonlyArray<{
    id: string;
    school_id: string;
    resource_id: string;
    booked_by: string;
    date: string;
    starts_at: string;
    ends_at: string;
    session_key: string | null;
    series_id: string | null;
    purpose: string;
    status: 'pending' | 'confirmed';
    created_at: string;
  }>,
) {
  if (rows.length === 0) return;
  await db
    .insertInto('resource_bookings')
    .values(rows.map((r) => ({ ...r, decided_by: null, decided_at: null })))
    .execute();
}

export async function setBookingStatus(
  db: Executor,
  id: string,
  status: 'confirmed' | 'refused' | 'cancelled',
  by: string,
  at: string,
) {
  await db
    .updateTable('resource_bookings')
    .set({ status, decided_by: by, decided_at: at })
    .where('id', '=', id)
    .execute();
}

export async function insertResource(
  db: Executor,
  row: {
    id: string;
    school_id: string;
    site_id: string;
    room_id: string | null;
    kind: 'room' | 'equipment' | 'vehicle';
    label: string;
    needs_validation: number;
    created_at: string;
  },
) {
  await db
    .insertInto('resources')
    .values({ ...row, active: 1 })
    .execute();
}

export function findRoomOfSchool(db: Executor, schoolId: string, roomId: string) {
  return db
    .selectFrom('rooms')
    .select(['id', 'site_id', 'code', 'label'])
    .where('id', '=', roomId)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
}

export function findSiteOfSchool(db: Executor, schoolId: string, siteId: string) {
  return db
    .selectFrom('sites')
    .select(['id', 'name'])
    .where('id', '=', siteId)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
}

export function findManagersOf(db: Executor, schoolId: string, functions: readonly string[]) {
  return db
    .selectFrom('staff_functions')
    .select('person_id')
    .where('school_id', '=', schoolId)
    .where('function', 'in', [...functions])
    .execute();
}
