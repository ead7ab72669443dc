/** French alphabetical order, ignoring accents and case: "Gérard" before "Guérin", "Çetin" among the C. */
const french = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

type Named = { firstName: string; lastName: string };

/** As in French school lists and in every table of the grades pages: "Nom Prénom". */
export const listName = (p: Named) => `${p.lastName} ${p.firstName}`;

/** In running text (titles, sentences, announcements): "Prénom Nom". */
export const fullName = (p: Named) => `${p.firstName} ${p.lastName}`;

/** Sorted by last name, then first name, in French order. Returns a new array. */
export function byName<T extends Named>(people: readonly T[]): T[] {
  return [...people].sort((a, b) => french.compare(a.lastName, b.lastName) || french.compare(a.firstName, b.firstName));
}
