/**
 * THE table of what goes by mail: which category each notification belongs to, from its message key (or, for rows
 * without a key, its kind). A pattern ending in `.*` covers every key that starts with it; the first match wins;
 * anything unknown is 'other'. Add a line here when a domain adds notifications (docs/mail.md, "Categories").
 */
export const MAIL_CATEGORY_RULES: ReadonlyArray<readonly [pattern: string, category: MailCategory]> = [
  ['absence.*', 'absences'],
  ['attendance.*', 'absences'],
  ['grade.*', 'grades'],
  ['grades.*', 'grades'],
  ['assessment.*', 'grades'],
  ['reportCard.*', 'report_cards'],
  ['report_card.*', 'report_cards'],
  ['timetable.*', 'timetable'],
  ['message.*', 'messaging'],
  ['messaging.*', 'messaging'],
  ['news.*', 'news'],
  ['homework.*', 'homework'],
  ['handin.*', 'homework'],
];

export const MAIL_CATEGORIES = [
  'absences',
  'grades',
  'report_cards',
  'timetable',
  'messaging',
  'news',
  'homework',
  'other',
] as const;
export type MailCategory = (typeof MAIL_CATEGORIES)[number];

export const MAIL_MODES = ['immediate', 'digest', 'never'] as const;
export type MailMode = (typeof MAIL_MODES)[number];

/**
 * What a person gets before choosing: absences at once (a family must know the same day); report cards and
 * timetable changes at once too (rare, and a cancelled first lesson is news for tomorrow morning); messages in the
 * digest (the messagerie is read in Préau, a mail per message would flood); grades, news, homework and the rest in
 * the digest.
 */
export const DEFAULT_MODES: Readonly<Record<MailCategory, MailMode>> = {
  absences: 'immediate',
  grades: 'digest',
  report_cards: 'immediate',
  timetable: 'immediate',
  messaging: 'digest',
  news: 'digest',
  homework: 'digest',
  other: 'digest',
};

/** Quiet hours before a person chooses: nothing immediate from 21:00 to 07:00 (Europe/Paris). */
export const DEFAULT_QUIET_HOURS = { start: '21:00', end: '07:00' } as const;

const matches = (pattern: string, value: string) =>
  pattern.endsWith('.*') ? value.startsWith(pattern.slice(0, -1)) : value === pattern;

/** The category of a notification: by its message key first, then by its kind; 'other' when nothing matches. */
export function categoryOf(n: { message_key: string | null; kind: string }): MailCategory {
  for (const value of [n.message_key, n.kind]) {
    if (!value) continue;
    const rule = MAIL_CATEGORY_RULES.find(([pattern]) => matches(pattern, value));
    if (rule) return rule[1];
  }
  return 'other';
}

export const isMailCategory = (v: string): v is MailCategory => (MAIL_CATEGORIES as readonly string[]).includes(v);
export const isMailMode = (v: string): v is MailMode => (MAIL_MODES as readonly string[]).includes(v);
