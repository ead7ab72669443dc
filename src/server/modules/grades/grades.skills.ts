import type { Fraction } from './grades.calc.ts';

/** The socle commun de connaissances, de compétences et de culture: its eight components (cycle 4). */
export const SKILL_COMPONENTS = [
  { code: 'D1.1', label: 'Comprendre, s’exprimer en utilisant la langue française à l’oral et à l’écrit' },
  {
    code: 'D1.2',
    label: 'Comprendre, s’exprimer en utilisant une langue étrangère et, le cas échéant, une langue régionale',
  },
  {
    code: 'D1.3',
    label: 'Comprendre, s’exprimer en utilisant les langages mathématiques, scientifiques et informatiques',
  },
  { code: 'D1.4', label: 'Comprendre, s’exprimer en utilisant les langages des arts et du corps' },
  { code: 'D2', label: 'Les méthodes et outils pour apprendre' },
  { code: 'D3', label: 'La formation de la personne et du citoyen' },
  { code: 'D4', label: 'Les systèmes naturels et les systèmes techniques' },
  { code: 'D5', label: 'Les représentations du monde et l’activité humaine' },
] as const;
export type SkillComponent = (typeof SKILL_COMPONENTS)[number]['code'];
export const SKILL_CODES = SKILL_COMPONENTS.map((c) => c.code) as [SkillComponent, ...SkillComponent[]];
export const skillLabel = (code: string): string => SKILL_COMPONENTS.find((c) => c.code === code)?.label ?? code;

/** The four levels of mastery. */
export const SKILL_LEVELS = [
  { level: 1, label: 'Maîtrise insuffisante' },
  { level: 2, label: 'Maîtrise fragile' },
  { level: 3, label: 'Maîtrise satisfaisante' },
  { level: 4, label: 'Très bonne maîtrise' },
] as const;

/**
 * A pupil's level on a component over a period: the mean of the levels given, rounded half up (1.5 → 2, 2.5 → 3),
 * so that one "très bonne maîtrise" among "fragile" results does not hide them. null when never assessed.
 * Exact: levels are integers, the mean is compared as a fraction.
 */
export function summaryLevel(levels: readonly number[]): number | null {
  if (levels.length === 0) return null;
  const sum = levels.reduce((a, b) => a + b, 0);
  // round(sum / n) half up == floor((2 sum + n) / 2n)
  return Math.floor((2 * sum + levels.length) / (2 * levels.length));
}

export type { Fraction };
