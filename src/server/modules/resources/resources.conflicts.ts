/**
 * What makes a resource busy, pure: another booking (pending or confirmed) of the same resource, and for a room,
 * a course of the timetable held there (a cancelled course frees it). The timetable's extra sessions use the same
 * check against bookings (timetable.edit.ts).
 */
import { timesOverlap } from '../timetable/timetable.conflicts.ts';

export interface Slot {
  date: string;
  startsAt: string;
  endsAt: string;
}

export interface BusyCourse extends Slot {
  key: string;
  roomId: string | null;
  cancelled: boolean;
  subject: string;
  className: string | null;
  teachers: string[];
}

export interface BusyBooking extends Slot {
  id: string;
  resourceId: string;
  resourceLabel: string;
  bookedBy: string;
  purpose: string;
}

export type ResourceConflict =
  | ({ kind: 'course'; sessionKey: string; subject: string; class: string | null; teachers: string[] } & Slot)
  | ({ kind: 'booking'; bookingId: string; resource: string; bookedBy: string; purpose: string } & Slot);

/**
 * The courses and bookings a candidate slot clashes with. `ignoreSessionKey`: the session the booking is made for
 * (a teacher booking the room of their own course); `ignoreBookingIds`: bookings being replaced.
 */
export function findResourceConflicts(
  candidate: Slot & { resourceId: string; roomId: string | null },
  busy: { courses: readonly BusyCourse[]; bookings: readonly BusyBooking[] },
  o: { ignoreSessionKey?: string | null; ignoreBookingIds?: readonly string[] } = {},
): ResourceConflict[] {
  const out: ResourceConflict[] = [];
  if (candidate.roomId !== null) {
    for (const c of busy.courses) {
      if (c.cancelled || c.roomId !== candidate.roomId || c.date !== candidate.date) continue;
      if (o.ignoreSessionKey && c.key === o.ignoreSessionKey) continue;
      if (!timesOverlap(c, candidate)) continue;
      out.push({
        kind: 'course',
        sessionKey: c.key,
        subject: c.subject,
        class: c.className,
        teachers: c.teachers,
        date: c.date,
        startsAt: c.startsAt,
        endsAt: c.endsAt,
      });
    }
  }
  for (const b of busy.bookings) {
    if (b.resourceId !== candidate.resourceId || b.date !== candidate.date) continue;
    if (o.ignoreBookingIds?.includes(b.id)) continue;
    if (!timesOverlap(b, candidate)) continue;
    out.push({
      kind: 'booking',
      bookingId: b.id,
      resource: b.resourceLabel,
      bookedBy: b.bookedBy,
      purpose: b.purpose,
      date: b.date,
      startsAt: b.startsAt,
      endsAt: b.endsAt,
    });
  }
  return out;
}
