import type { TFunction } from 'i18next';
import type { NewsSummary } from './api.ts';

/** « Familles, élèves · 6e, 4e B » in the reader's language. */
export function audienceText(t: TFunction, a: NewsSummary['audience']): string {
  const publics = a.publics.map((p) => t(`news.publics.${p}`)).join(', ');
  const where = [
    ...a.sites.map((s) => s.name),
    ...a.levels.map((l) => t('news.level', { level: l })),
    ...a.classes.map((c) => c.label),
  ];
  const scope = where.length > 0 ? where.join(', ') : t('news.wholeSchool');
  return a.publics.length === 1 && a.publics[0] === 'staff' ? publics : `${publics} · ${scope}`;
}
