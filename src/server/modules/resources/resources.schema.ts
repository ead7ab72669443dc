import { z } from 'zod';
import { IsoDate } from '../../lib/dates.ts';

const Id = z.string().min(1).max(64);
export const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected a time HH:MM');

export const RESOURCE_KINDS = ['room', 'equipment', 'vehicle'] as const;
export const BOOKING_STATUSES = ['pending', 'confirmed', 'refused', 'cancelled'] as const;

export const SchoolParamsSchema = z.strictObject({ schoolId: Id });
export const BookingParamsSchema = z.strictObject({ bookingId: Id });

export const SiteSchema = z.object({ id: z.string(), name: z.string() });

export const ResourceSchema = z.object({
  id: z.string(),
  site: SiteSchema,
  kind: z.enum(RESOURCE_KINDS),
  label: z.string(),
  /** The timetable's room, for a room: its courses make it busy. */
  roomId: z.string().nullable(),
  needsValidation: z.boolean(),
});
export type Resource = z.infer<typeof ResourceSchema>;

export const ResourceListSchema = z.object({
  sites: z.array(SiteSchema),
  items: z.array(ResourceSchema),
  /** Whether the caller validates bookings and manages resources in this school. */
  canManage: z.boolean(),
});

export const ResourceInputSchema = z.strictObject({
  siteId: Id,
  kind: z.enum(RESOURCE_KINDS),
  label: z.string().trim().min(1).max(120),
  roomId: Id.nullable().default(null),
  needsValidation: z.boolean().default(false),
});
export type ResourceInput = z.infer<typeof ResourceInputSchema>;

const PersonRef = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });

export const BookingSchema = z.object({
  id: z.string(),
  resource: z.object({ id: z.string(), label: z.string(), kind: z.enum(RESOURCE_KINDS), siteName: z.string() }),
  bookedBy: PersonRef,
  date: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  sessionKey: z.string().nullable(),
  seriesId: z.string().nullable(),
  purpose: z.string(),
  status: z.enum(BOOKING_STATUSES),
  abilities: z.object({ cancel: z.boolean(), decide: z.boolean() }),
});
export type Booking = z.infer<typeof BookingSchema>;
export const BookingListSchema = z.object({ items: z.array(BookingSchema) });

export const BookingInputSchema = z
  .strictObject({
    resourceId: Id,
    /** Book for a timetable session (`courseId:date`): its date and times are used. */
    sessionKey: z.string().min(12).max(200).optional(),
    date: IsoDate.optional(),
    startsAt: Time.optional(),
    endsAt: Time.optional(),
    /** Weekly, on the same weekday, until this date (included); school days off are skipped. */
    repeatUntil: IsoDate.optional(),
    purpose: z.string().trim().max(200).default(''),
  })
  .refine((b) => b.sessionKey !== undefined || (b.date && b.startsAt && b.endsAt), {
    message: 'A session or a date with times',
    path: ['date'],
  });
export type BookingInput = z.infer<typeof BookingInputSchema>;

export const DecisionInputSchema = z.strictObject({ decision: z.enum(['confirm', 'refuse']) });

export const WeekQuerySchema = z.strictObject({
  date: IsoDate.optional(),
  siteId: Id.optional(),
  resourceId: Id.optional(),
});

export const WeekItemSchema = z.object({
  resourceId: z.string(),
  date: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  /** A course of the timetable in that room, or a booking. */
  kind: z.enum(['course', 'booking']),
  label: z.string(),
  status: z.enum(BOOKING_STATUSES).nullable(),
  mine: z.boolean(),
  bookingId: z.string().nullable(),
});

export const WeekSchema = z.object({
  monday: z.string(),
  days: z.array(z.string()),
  resources: z.array(ResourceSchema),
  items: z.array(WeekItemSchema),
});

/** My sessions this week and next, to book for one of them. */
export const MySessionsSchema = z.object({
  items: z.array(
    z.object({
      key: z.string(),
      date: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      label: z.string(),
      siteId: z.string().nullable(),
    }),
  ),
});

export const OkSchema = z.object({ ok: z.literal(true) });
