import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';
import { IsoDate } from '../../lib/dates.ts';
import { PROFILE_KINDS, STAFF_FUNCTIONS } from '../../lib/policy.ts';

const Id = z.string().min(1).max(64);
const Name = z.string().trim().min(1).max(100);
const Email = z.email().max(254);
const Phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 .()-]{5,28}$/, 'expected a phone number such as 06 12 34 56 78 or +33 6 12 34 56 78');
/** A postal address on up to 5 lines, as printed on an envelope. */
const PostalAddress = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .refine((v) => v.split(/\r?\n/).length <= 5, 'at most 5 lines');
export const LOCALES = ['fr', 'en', 'ar'] as const;

export const RESPONSIBILITIES = ['legal1', 'legal2', 'contact'] as const;
export const CLASS_LEVELS = ['6e', '5e', '4e', '3e'] as const;
export const GROUP_KINDS = ['language', 'option', 'cham', 'chas', 'ulis', 'other'] as const;
export const PERIOD_KINDS = ['trimestre', 'semestre'] as const;

/** An IPv4 or IPv6 network in CIDR notation: "10.93.1.0/24", "2001:db8::/32". */
export function isCidr(value: string): boolean {
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(value);
  if (!m) return false;
  const prefix = Number(m[2]);
  if (isIPv4(m[1]!)) return prefix <= 32;
  if (isIPv6(m[1]!)) return prefix <= 128;
  return false;
}
const Cidr = z.string().trim().max(64).refine(isCidr, 'expected a CIDR range such as 10.93.1.0/24');

export const SchoolParamsSchema = z.strictObject({ schoolId: Id });
export const PersonParamsSchema = z.strictObject({ schoolId: Id, personId: Id });
export const GuardianshipParamsSchema = z.strictObject({ schoolId: Id, guardianshipId: Id });
export const SiteParamsSchema = z.strictObject({ schoolId: Id, siteId: Id });
export const ClassParamsSchema = z.strictObject({ schoolId: Id, classId: Id });
export const GroupParamsSchema = z.strictObject({ schoolId: Id, groupId: Id });
export const GroupMemberParamsSchema = z.strictObject({ schoolId: Id, groupId: Id, pupilId: Id });
export const PeriodParamsSchema = z.strictObject({ schoolId: Id, periodId: Id });

// ---- people -------------------------------------------------------------------------------------------

const LinkFlags = {
  responsibility: z.enum(RESPONSIBILITIES),
  livesWith: z.boolean().default(true),
  receivesMail: z.boolean().default(true),
  mayCollect: z.boolean().default(true),
  courtRestricted: z.boolean().default(false),
  /**
   * Whether the guardian follows the child's schooling (grades, report cards, absences, homework, timetable and
   * their notifications). Legal guardians always do (false is refused); an "other contact" only when the school
   * says so. Default: true for legal guardians, false for other contacts.
   */
  schoolAccess: z.boolean().optional(),
};

const PersonBase = {
  firstName: Name,
  lastName: Name,
  birthDate: IsoDate.optional(),
  email: Email.optional(),
  phone: Phone.optional(),
  postalAddress: PostalAddress.optional(),
  /** The language of letters and messages sent to the person. */
  locale: z.enum(LOCALES).optional(),
};

export const PersonCreateSchema = z.discriminatedUnion('profile', [
  z.strictObject({
    profile: z.literal('pupil'),
    ...PersonBase,
    classId: Id.optional(),
    /** Existing guardians of this school to link to the new pupil. */
    guardians: z
      .array(z.strictObject({ guardianId: Id, ...LinkFlags }))
      .max(10)
      .default([]),
  }),
  z.strictObject({
    profile: z.literal('guardian'),
    ...PersonBase,
    /** Existing pupils of this school to link to the new guardian. */
    children: z
      .array(z.strictObject({ pupilId: Id, ...LinkFlags }))
      .max(20)
      .default([]),
  }),
  z.strictObject({ profile: z.literal('teacher'), ...PersonBase }),
  z.strictObject({
    profile: z.literal('staff'),
    ...PersonBase,
    functions: z.array(z.enum(STAFF_FUNCTIONS)).max(STAFF_FUNCTIONS.length).default([]),
  }),
]);
export type PersonCreateInput = z.infer<typeof PersonCreateSchema>;

export const PersonUpdateSchema = z
  .strictObject({
    firstName: Name.optional(),
    lastName: Name.optional(),
    birthDate: IsoDate.nullable().optional(),
    email: Email.nullable().optional(),
    phone: Phone.nullable().optional(),
    postalAddress: PostalAddress.nullable().optional(),
    locale: z.enum(LOCALES).optional(),
    /** Replaces the person's staff functions in this school (staff only). */
    functions: z.array(z.enum(STAFF_FUNCTIONS)).max(STAFF_FUNCTIONS.length).optional(),
    /** Moves a pupil to another class from today; null takes the pupil out of any class. */
    classId: Id.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type PersonUpdateInput = z.infer<typeof PersonUpdateSchema>;

const ClassRef = z.object({ id: z.string(), code: z.string(), label: z.string(), level: z.string() });

export const AdminPersonSchema = z.object({
  id: z.string(),
  login: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  birthDate: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  postalAddress: z.string().nullable(),
  locale: z.string(),
  profiles: z.array(z.enum(PROFILE_KINDS)),
  functions: z.array(z.enum(STAFF_FUNCTIONS)),
  class: ClassRef.nullable(),
  activated: z.boolean(),
  /** Not activated, with a code that is still valid (a letter has been printed and not used yet). */
  codePending: z.boolean(),
  disabled: z.boolean(),
});
export type AdminPerson = z.infer<typeof AdminPersonSchema>;

/** A new account has no code yet: its activation letter is printed from its record (never shown on screen). */
export const PersonCreatedSchema = z.object({ person: AdminPersonSchema });

export const LettersQuerySchema = z.strictObject({
  /** missing (default): only accounts not activated and without a valid code; pending: every account not activated. */
  reissue: z.enum(['missing', 'pending']).default('missing'),
});

// ---- guardianships ------------------------------------------------------------------------------------

export const GuardianshipCreateSchema = z.strictObject({ guardianId: Id, pupilId: Id, ...LinkFlags });
export type GuardianshipCreateInput = z.infer<typeof GuardianshipCreateSchema>;

export const GuardianshipUpdateSchema = z
  .strictObject({
    responsibility: z.enum(RESPONSIBILITIES).optional(),
    livesWith: z.boolean().optional(),
    receivesMail: z.boolean().optional(),
    mayCollect: z.boolean().optional(),
    courtRestricted: z.boolean().optional(),
    schoolAccess: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type GuardianshipUpdateInput = z.infer<typeof GuardianshipUpdateSchema>;

export const GuardianshipSchema = z.object({
  id: z.string(),
  guardianId: z.string(),
  pupilId: z.string(),
  responsibility: z.enum(RESPONSIBILITIES),
  livesWith: z.boolean(),
  receivesMail: z.boolean(),
  mayCollect: z.boolean(),
  courtRestricted: z.boolean(),
  /** Follows the child's schooling (always true for a legal guardian; the school's decision for other contacts). */
  schoolAccess: z.boolean(),
});

const NameRef = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });

/** A person as the school's administration edits them: contact details and family links. */
export const AdminPersonDetailSchema = AdminPersonSchema.extend({
  links: z.array(GuardianshipSchema.extend({ guardian: NameRef, pupil: NameRef })),
  /** Two-step sign-in: on (or being set up), and whether the caller may reset it (a lost phone). */
  twoStep: z.object({ enabled: z.boolean(), canReset: z.boolean() }),
});

// ---- sites ----------------------------------------------------------------------------------------------

export const SiteCreateSchema = z.strictObject({
  name: Name,
  address: z.string().trim().min(1).max(300),
  networkRanges: z.array(Cidr).max(50).default([]),
});
export type SiteCreateInput = z.infer<typeof SiteCreateSchema>;
export const SiteUpdateSchema = z
  .strictObject({
    name: Name.optional(),
    address: z.string().trim().min(1).max(300).optional(),
    networkRanges: z.array(Cidr).max(50).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type SiteUpdateInput = z.infer<typeof SiteUpdateSchema>;

export const SiteSchema = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  networkRanges: z.array(z.string()),
});
export const SiteListSchema = z.object({ items: z.array(SiteSchema) });

// ---- classes and groups ---------------------------------------------------------------------------------

const Code = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, 'letters, digits, spaces, dots, dashes');

export const ClassCreateSchema = z.strictObject({
  code: Code,
  label: Name,
  level: z.enum(CLASS_LEVELS),
  siteId: Id.nullable().default(null),
});
export type ClassCreateInput = z.infer<typeof ClassCreateSchema>;
export const ClassUpdateSchema = z
  .strictObject({
    code: Code.optional(),
    label: Name.optional(),
    level: z.enum(CLASS_LEVELS).optional(),
    siteId: Id.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type ClassUpdateInput = z.infer<typeof ClassUpdateSchema>;

export const AdminClassSchema = z.object({
  id: z.string(),
  code: z.string(),
  label: z.string(),
  level: z.enum(CLASS_LEVELS),
  siteId: z.string().nullable(),
  pupilCount: z.number().int(),
});
export const AdminClassListSchema = z.object({ items: z.array(AdminClassSchema) });

export const GroupCreateSchema = z.strictObject({ code: Code, label: Name, kind: z.enum(GROUP_KINDS) });
export type GroupCreateInput = z.infer<typeof GroupCreateSchema>;
export const GroupUpdateSchema = z
  .strictObject({ code: Code.optional(), label: Name.optional(), kind: z.enum(GROUP_KINDS).optional() })
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type GroupUpdateInput = z.infer<typeof GroupUpdateSchema>;

export const AdminGroupSchema = z.object({
  id: z.string(),
  code: z.string(),
  label: z.string(),
  kind: z.enum(GROUP_KINDS),
  memberCount: z.number().int(),
});
export const AdminGroupListSchema = z.object({ items: z.array(AdminGroupSchema) });

export const GroupMembersAddSchema = z.strictObject({ pupilIds: z.array(Id).min(1).max(200) });
export const GroupMembersSchema = z.object({
  items: z.array(z.object({ pupilId: z.string(), firstName: z.string(), lastName: z.string(), since: z.string() })),
});

// ---- periods ------------------------------------------------------------------------------------------------

export const PeriodCreateSchema = z
  .strictObject({
    kind: z.enum(PERIOD_KINDS),
    number: z.number().int().min(1).max(3),
    label: Name.optional(),
    startsOn: IsoDate,
    endsOn: IsoDate,
  })
  .refine((p) => p.kind === 'trimestre' || p.number <= 2, { message: 'a semestre is 1 or 2', path: ['number'] })
  .refine((p) => p.startsOn <= p.endsOn, { message: 'endsOn is before startsOn', path: ['endsOn'] });
export type PeriodCreateInput = z.infer<typeof PeriodCreateSchema>;
export const PeriodUpdateSchema = z
  .strictObject({
    number: z.number().int().min(1).max(3).optional(),
    label: Name.optional(),
    startsOn: IsoDate.optional(),
    endsOn: IsoDate.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type PeriodUpdateInput = z.infer<typeof PeriodUpdateSchema>;

export const PeriodSchema = z.object({
  id: z.string(),
  kind: z.enum(PERIOD_KINDS),
  number: z.number().int(),
  label: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
});
export const PeriodListSchema = z.object({
  schoolYear: z.object({ id: z.string(), label: z.string(), startsOn: z.string(), endsOn: z.string() }),
  items: z.array(PeriodSchema),
});

export const OkSchema = z.object({ ok: z.literal(true) });
/** The activation letters PDF (application/pdf); errors are JSON as everywhere else. */
export const PdfSchema = z.unknown().describe('application/pdf document');
