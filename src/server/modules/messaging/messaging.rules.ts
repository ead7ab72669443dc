import { z } from 'zod';
import type { SchoolSettingDef } from '../../lib/school-settings.ts';

/**
 * Who may write to whom: the one table the server reads (and the school's admin sees). People are sorted into
 * messaging categories per school (a person may hold several: a teacher who is also a parent); a sender may
 * write first to a recipient when one of the sender's categories allows one of the recipient's, with the pair's
 * scope:
 *   - 'none'    never (replying to a message received stays possible, see messaging.audience.ts);
 *   - 'related' only people linked to the sender (see `isRelated` in messaging.audience.ts: a teacher and the
 *               pupils they teach and those pupils' guardians; a pupil and their class; a guardian and their
 *               children, their children's teachers and the children's other guardians; anyone and the
 *               school's non-teaching staff);
 *   - 'school'  anyone of that category in the school.
 * A school may tighten or loosen each pair (the `messaging` school setting, `overrides`).
 */
export const CATEGORIES = [
  'direction',
  'vie_scolaire',
  'teacher',
  'health_social',
  'office',
  'guardian',
  'pupil',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SCOPES = ['none', 'related', 'school'] as const;
export type Scope = (typeof SCOPES)[number];

/** Staff functions → category (a staff profile with no listed function is 'office'). */
export const FUNCTION_CATEGORY: Record<string, Category> = {
  principal: 'direction',
  deputy: 'direction',
  cpe: 'vie_scolaire',
  assistant_education: 'vie_scolaire',
  psyen: 'health_social',
  assistante_sociale: 'health_social',
  infirmiere: 'health_social',
  secretariat: 'office',
  accueil: 'office',
  documentaliste: 'office',
  school_admin: 'office',
};

export const STAFF_CATEGORIES: readonly Category[] = [
  'direction',
  'vie_scolaire',
  'teacher',
  'health_social',
  'office',
];

type Row = Record<Category, Scope>;
const staffRow = (families: { guardian: Scope; pupil: Scope }): Row => ({
  direction: 'school',
  vie_scolaire: 'school',
  teacher: 'school',
  health_social: 'school',
  office: 'school',
  ...families,
});

/** DEFAULT_RULES[sender][recipient]: the defaults of French collèges. */
export const DEFAULT_RULES: Record<Category, Row> = {
  // Staff ↔ staff freely; direction, vie scolaire (no class assignment exists for them: they follow every
  // pupil), health and social staff and the office write to every family of the school.
  direction: staffRow({ guardian: 'school', pupil: 'school' }),
  vie_scolaire: staffRow({ guardian: 'school', pupil: 'school' }),
  // Teachers → the guardians and pupils of their classes and groups.
  teacher: staffRow({ guardian: 'related', pupil: 'related' }),
  health_social: staffRow({ guardian: 'school', pupil: 'school' }),
  office: staffRow({ guardian: 'school', pupil: 'school' }),
  // Guardians → the staff of their children's school; not other families, not pupils.
  guardian: {
    direction: 'school',
    vie_scolaire: 'school',
    teacher: 'school',
    health_social: 'school',
    office: 'school',
    guardian: 'none',
    pupil: 'none',
  },
  // Pupils → their teachers and vie scolaire; psyEN, social worker and nurse; other pupils of their class only
  // if the school turns it on ('related').
  pupil: {
    direction: 'none',
    vie_scolaire: 'school',
    teacher: 'related',
    health_social: 'school',
    office: 'none',
    guardian: 'none',
    pupil: 'none',
  },
};

/** Recipients per sender per rolling hour, by the sender's most generous category. */
export const RATE_LIMITS: Record<Category, number> = {
  direction: 5000,
  vie_scolaire: 5000,
  office: 5000,
  teacher: 1000,
  health_social: 300,
  guardian: 30,
  pupil: 20,
};

/** Group recipients (a class's guardians...) are offered to staff only: families write to people. */
export const GROUP_SENDER_CATEGORIES: readonly Category[] = STAFF_CATEGORIES;

export const MessagingSettingSchema = z.strictObject({
  /** overrides[sender][recipient] = scope, replacing the default for that pair. */
  overrides: z.partialRecord(z.enum(CATEGORIES), z.partialRecord(z.enum(CATEGORIES), z.enum(SCOPES))),
  /** Whether senders see, per recipient, who has read their message. */
  readReceipts: z.boolean(),
  /** The largest attachment, per file, in MB (the server never accepts more than 20). */
  attachmentMaxMb: z.number().int().min(1).max(20).default(5),
});
export type MessagingSetting = z.infer<typeof MessagingSettingSchema>;

export const MESSAGING_SETTING: SchoolSettingDef<MessagingSetting> = {
  name: 'messaging',
  schema: MessagingSettingSchema,
  defaults: { overrides: {}, readReceipts: true, attachmentMaxMb: 5 },
};

export type Rules = Record<Category, Row>;

/** The rules in force in a school: the defaults with the school's overrides applied. */
export function effectiveRules(setting: MessagingSetting): Rules {
  const out = {} as Rules;
  for (const from of CATEGORIES) {
    out[from] = { ...DEFAULT_RULES[from], ...(setting.overrides[from] ?? {}) };
  }
  return out;
}
