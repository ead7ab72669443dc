/** French alphabetical order, ignoring accents and case ("Çetin" among the C, "Gérard" before "Guérin"). */
const french = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

export const compareFrench = (a: string, b: string): number => french.compare(a, b);

/** Sorts people as French school lists do: last name, then first name. Returns a new array. */
export function byFrenchName<T extends { last_name: string; first_name: string }>(people: readonly T[]): T[] {
  return [...people].sort(
    (a, b) => french.compare(a.last_name, b.last_name) || french.compare(a.first_name, b.first_name),
  );
}
