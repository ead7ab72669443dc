import type { Db } from '../db/types.ts';

// Placeholder until the demo college generator lands (same session).
export const DEMO_PASSWORD = 'college-le-parc';
export const DEMO_LOGINS = [
  'eleve',
  'parent',
  'professeur',
  'cpe',
  'principal',
  'secretariat',
  'accueil',
  'psyen',
  'assistante-sociale',
  'infirmiere',
  'admin',
] as const;

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('schools').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

export async function seedDemoCollege(_db: Db): Promise<Record<string, number>> {
  return {};
}
