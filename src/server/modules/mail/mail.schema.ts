import { z } from 'zod';
import { MAIL_CATEGORIES, MAIL_MODES } from './mail.categories.ts';

const Id = z.string().min(1).max(64);
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected HH:MM');

export const MailCategorySchema = z.enum(MAIL_CATEGORIES);
export const MailModeSchema = z.enum(MAIL_MODES);

export const QuietHoursSchema = z.strictObject({ start: Time, end: Time });

export const MailPreferencesSchema = z.object({
  /** The address mails go to (from the directory); null: no mail at all. */
  email: z.string().nullable(),
  /** 'bouncing': the address's server refused a mail for good; nothing is sent until the school clears it. */
  emailStatus: z.enum(['ok', 'missing', 'bouncing']),
  bouncedAt: z.string().nullable(),
  categories: z.array(z.object({ category: MailCategorySchema, mode: MailModeSchema, defaultMode: MailModeSchema })),
  /** Europe/Paris; null: no quiet hours. */
  quietHours: QuietHoursSchema.nullable(),
  /** The hour (Europe/Paris) of the daily digest. */
  digestHour: z.number().int(),
  /** Notifications waiting for the next digest. */
  waitingForDigest: z.number().int(),
});

export const MailPreferencesUpdateSchema = z.strictObject({
  modes: z.partialRecord(MailCategorySchema, MailModeSchema).optional(),
  quietHours: QuietHoursSchema.nullable().optional(),
});
export type MailPreferencesUpdate = z.infer<typeof MailPreferencesUpdateSchema>;

export const MailSchoolParamsSchema = z.strictObject({ schoolId: Id });
export const MailBounceParamsSchema = z.strictObject({ schoolId: Id, personId: Id });

export const MailBounceListSchema = z.object({
  items: z.array(
    z.object({
      personId: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      email: z.string(),
      reason: z.string(),
      bouncedAt: z.string(),
    }),
  ),
});

export const MailOkSchema = z.object({ ok: z.literal(true) });

export const UnsubscribeParamsSchema = z.strictObject({ token: z.string().min(1).max(300) });

/** A provider's webhook, as JSON: the recipients a delivery failed for, with their RFC 3463 status. */
export const DsnJsonSchema = z.strictObject({
  recipients: z
    .array(
      z.strictObject({
        address: z.string().trim().min(3).max(320),
        /** RFC 3463: 5.x.x permanent (recorded), 4.x.x transient (ignored). */
        status: z.string().regex(/^[245]\.\d{1,3}\.\d{1,3}$/),
        action: z.enum(['failed', 'delayed', 'delivered', 'relayed', 'expanded']).default('failed'),
        reason: z.string().max(500).optional(),
      }),
    )
    .min(1)
    .max(1000),
});

export const DsnResultSchema = z.object({
  /** Addresses recorded as refusing mail (permanent failures). */
  recorded: z.number().int(),
  /** Recipients of the report that were not permanent failures (delays, successes). */
  ignored: z.number().int(),
});
