import { z } from 'zod';
import { PROFILE_KINDS, STAFF_FUNCTIONS } from '../../lib/policy.ts';

const Id = z.string().min(1).max(64);

export const SchoolParamsSchema = z.strictObject({ schoolId: Id });
export const SchoolPersonParamsSchema = z.strictObject({ schoolId: Id, personId: Id });
export const PupilParamsSchema = z.strictObject({ pupilId: Id });

export const PeopleQuerySchema = z.strictObject({
  q: z.string().trim().max(100).optional(),
  profile: z.enum(PROFILE_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const PersonListItemSchema = z.object({
  id: z.string(),
  login: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  profile: z.enum(PROFILE_KINDS),
  disabled: z.boolean(),
  /** A pupil's class today, to tell homonyms apart. */
  class: z.object({ id: z.string(), code: z.string(), label: z.string(), level: z.string() }).nullable(),
  /** A staff member's functions in the school. */
  functions: z.array(z.enum(STAFF_FUNCTIONS)),
});
export const PersonListSchema = z.object({ items: z.array(PersonListItemSchema) });

const ClassRef = z.object({ id: z.string(), code: z.string(), label: z.string(), level: z.string() });
const SiteRef = z.object({ id: z.string(), name: z.string() });

export const GuardianLinkSchema = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  responsibility: z.enum(['legal1', 'legal2', 'contact']),
  livesWith: z.boolean(),
  receivesMail: z.boolean(),
  mayCollect: z.boolean(),
  courtRestricted: z.boolean(),
  /** How to reach the guardian (reception, vie scolaire); null when unknown. */
  email: z.string().nullable(),
  /** Follows the child's schooling: a legal guardian, or a contact the school gave access (docs/security.md). */
  schoolAccess: z.boolean(),
});

export const PersonDetailSchema = z.object({
  id: z.string(),
  login: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  disabled: z.boolean(),
  profiles: z.array(z.enum(PROFILE_KINDS)),
  functions: z.array(z.enum(STAFF_FUNCTIONS)),
  class: ClassRef.nullable(),
  site: SiteRef.nullable(),
  guardians: z.array(GuardianLinkSchema),
  children: z.array(
    z.object({
      id: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      responsibility: z.enum(['legal1', 'legal2', 'contact']),
      courtRestricted: z.boolean(),
      schoolAccess: z.boolean(),
    }),
  ),
  abilities: z.object({
    resetAccess: z.boolean(),
    disable: z.boolean(),
    /** The pupil's absence record (and entering an absence or a dispense) is open to the caller. */
    attendance: z.boolean(),
    /** The pupil's grades are open to the caller. */
    grades: z.boolean(),
  }),
});

export const PupilSchema = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  school: z.object({ id: z.string(), name: z.string() }),
  class: ClassRef.nullable(),
  site: SiteRef.nullable(),
  /** Only for staff who look after every pupil; families and teachers get an empty list. */
  guardians: z.array(GuardianLinkSchema),
});

/** An activation letter (application/pdf): the code is printed for the family, never answered as data. */
export const LetterPdfSchema = z.unknown().describe('application/pdf document');

export const ClassListSchema = z.array(
  z.object({
    id: z.string(),
    code: z.string(),
    label: z.string(),
    level: z.string(),
    site: SiteRef.nullable(),
    pupilCount: z.number(),
  }),
);

export const OkSchema = z.object({ ok: z.literal(true) });
