import { z } from 'zod';
import { IsoDate } from '../../lib/dates.ts';

const Id = z.string().min(1).max(64);
const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected HH:MM');

export const IdParamsSchema = z.strictObject({ id: Id });
export const SchoolParamsSchema = z.strictObject({ schoolId: Id });
export const PupilParamsSchema = z.strictObject({ pupilId: Id });
export const PupilStaffParamsSchema = z.strictObject({ pupilId: Id, staffId: Id });
export const SiteParamsSchema = z.strictObject({ schoolId: Id, siteId: Id });
export const OkSchema = z.object({ ok: z.literal(true) });

// ------------------------------------------------------------------------------------------ availability

export const AvailabilitySlotSchema = z.strictObject({
  siteId: Id,
  roomId: Id.nullable(),
  weekday: z.number().int().min(1).max(7),
  startsAt: Hhmm,
  endsAt: Hhmm,
  slotMinutes: z.number().int().min(10).max(120),
});

export const AvailabilityExceptionSchema = z.strictObject({
  date: IsoDate,
  label: z.string().trim().max(120),
});

export const AvailabilityInSchema = z.strictObject({
  /** How many days ahead families may book (1 to 90). */
  bookAheadDays: z.number().int().min(1).max(90),
  /** Reasons stay private to the staff member: reception and (if the school says so) the other guardian see none. */
  privateReason: z.boolean(),
  /**
   * A cancelled course (or one moved away, or given to another teacher) frees its time as slots of the usual
   * length. Absent: unchanged.
   */
  offerCancelledCourses: z.boolean().optional(),
  slots: z.array(AvailabilitySlotSchema).max(50),
  exceptions: z.array(AvailabilityExceptionSchema).max(100),
});
export type AvailabilityIn = z.infer<typeof AvailabilityInSchema>;

export const AvailabilitySchema = z.object({
  bookAheadDays: z.number(),
  privateReason: z.boolean(),
  offerCancelledCourses: z.boolean(),
  slots: z.array(AvailabilitySlotSchema),
  exceptions: z.array(AvailabilityExceptionSchema),
  sites: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      rooms: z.array(z.object({ id: z.string(), code: z.string(), label: z.string() })),
    }),
  ),
});
export type Availability = z.infer<typeof AvailabilitySchema>;

// ------------------------------------------------------------------------------------------ booking

export const ReceivingStaffSchema = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  /** Functions ('cpe', 'psyen'...) and 'teacher'. */
  roles: z.array(z.string()),
  /** Subjects taught to the child (teachers only). */
  subjects: z.array(z.string()),
});
export const ReceivingStaffListSchema = z.object({ staff: z.array(ReceivingStaffSchema) });

export const SlotSchema = z.object({
  date: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  site: z.object({ id: z.string(), name: z.string() }),
  room: z.string().nullable(),
  /** Offered because one of the staff member's courses does not take place then. */
  freedByCourse: z.boolean(),
});
export type Slot = z.infer<typeof SlotSchema>;
export const SlotListSchema = z.object({ slots: z.array(SlotSchema) });

export const BookSchema = z.strictObject({
  pupilId: Id,
  staffId: Id,
  date: IsoDate,
  startsAt: Hhmm,
  reason: z.string().trim().min(1).max(500),
  /** Reception booking for a family: the guardian who phoned. A guardian books for themselves. */
  guardianId: Id.optional(),
});
export type BookInput = z.infer<typeof BookSchema>;

export const CancelSchema = z.strictObject({ reason: z.string().trim().min(1).max(500) });

const PersonRef = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });

export const AppointmentSchema = z.object({
  id: z.string(),
  schoolId: z.string(),
  date: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(['booked', 'cancelled']),
  staff: PersonRef.extend({ roles: z.array(z.string()) }),
  pupil: PersonRef,
  guardian: PersonRef,
  site: z.object({ id: z.string(), name: z.string() }),
  room: z.string().nullable(),
  /** Null when the reason is private to the staff member and the caller is not one who may read it. */
  reason: z.string().nullable(),
  reasonPrivate: z.boolean(),
  bookedByReception: z.boolean(),
  arrivedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  abilities: z.object({ cancel: z.boolean(), markArrived: z.boolean() }),
});
export type Appointment = z.infer<typeof AppointmentSchema>;

export const AppointmentListQuerySchema = z.strictObject({
  /** family: appointments for the caller's children; staff: the caller's own. */
  as: z.enum(['family', 'staff']),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});
export const AppointmentListSchema = z.object({ items: z.array(AppointmentSchema) });

// ------------------------------------------------------------------------------------------ reception

export const ReceptionDayQuerySchema = z.strictObject({ siteId: Id.optional(), date: IsoDate.optional() });

export const VisitSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  visitorName: z.string(),
  visiting: z.string(),
  arrivedAt: z.string(),
  leftAt: z.string().nullable(),
});

export const DepartureSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  pupil: PersonRef.extend({ className: z.string().nullable() }),
  collectedBy: PersonRef,
  reason: z.string(),
  leftAt: z.string(),
});

export const ReceptionDaySchema = z.object({
  date: z.string(),
  siteId: z.string(),
  sites: z.array(z.object({ id: z.string(), name: z.string() })),
  appointments: z.array(AppointmentSchema),
  visits: z.array(VisitSchema),
  departures: z.array(DepartureSchema),
});
export type ReceptionDay = z.infer<typeof ReceptionDaySchema>;

export const PupilSearchQuerySchema = z.strictObject({ q: z.string().trim().min(2).max(80) });
export const PupilHitSchema = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  className: z.string().nullable(),
  guardians: z.array(
    PersonRef.extend({
      responsibility: z.enum(['legal1', 'legal2', 'contact']),
      /** Follows the schooling (may book an appointment). */
      follows: z.boolean(),
      mayCollect: z.boolean(),
    }),
  ),
});
export const PupilSearchSchema = z.object({ pupils: z.array(PupilHitSchema) });

export const VisitInSchema = z.strictObject({
  siteId: Id,
  visitorName: z.string().trim().min(1).max(120),
  visiting: z.string().trim().min(1).max(120),
  appointmentId: Id.optional(),
});

export const DepartureInSchema = z.strictObject({
  siteId: Id,
  pupilId: Id,
  collectedBy: Id,
  reason: z.string().trim().min(1).max(300),
});

export const ReceptionSettingsSchema = z.strictObject({
  /** Days the visitor log is kept (default 90, about three months). */
  visitorLogRetentionDays: z.number().int().min(1).max(365),
  /** The information pages are readable without signing in. */
  infoPublic: z.boolean(),
  /** A private reason is hidden from the other guardian of the child too (not only from reception). */
  hidePrivateReasonFromOtherGuardian: z.boolean(),
});
export type ReceptionSettings = z.infer<typeof ReceptionSettingsSchema>;

// ------------------------------------------------------------------------------------------ information

export const InfoPageSchema = z.object({
  siteId: z.string(),
  siteName: z.string(),
  address: z.string(),
  bodyHtml: z.string(),
  updatedAt: z.string().nullable(),
});
export const InfoSchema = z.object({
  schoolName: z.string(),
  public: z.boolean(),
  pages: z.array(InfoPageSchema),
  abilities: z.object({ edit: z.boolean() }),
});
export type Info = z.infer<typeof InfoSchema>;
export const InfoPageInSchema = z.strictObject({ bodyHtml: z.string().max(50_000) });
