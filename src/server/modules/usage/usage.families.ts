/**
 * Service families, the way the ministry's SDET (schéma directeur des espaces numériques de travail) groups an ENT's
 * services, one table read by the usage recorder and shown in docs/pilotage.md. A request counts as one use of the
 * family its route belongs to; the first matching prefix wins (paths after `/api/`, with `schools/:id/` removed).
 */
export const SERVICE_FAMILIES = [
  'communication',
  'vie_scolaire',
  'scolarite',
  'pedagogie',
  'documents',
  'accompagnement',
  'reservation',
  'services',
] as const;
export type ServiceFamily = (typeof SERVICE_FAMILIES)[number];

export const FAMILY_OF_PREFIX: ReadonlyArray<readonly [string, ServiceFamily]> = [
  // Communication et collaboration (SDET: messagerie, actualités, notifications)
  ['messages', 'communication'],
  ['messaging', 'communication'],
  ['notifications', 'communication'],
  ['news', 'communication'],
  ['mail', 'communication'],
  // Vie scolaire (absences, emploi du temps, incidents)
  ['attendance', 'vie_scolaire'],
  ['timetable', 'vie_scolaire'],
  ['discipline', 'vie_scolaire'],
  ['home', 'vie_scolaire'],
  // Scolarité (notes, compétences, bulletins)
  ['grades', 'scolarite'],
  ['report-cards', 'scolarite'],
  // Pédagogie (cahier de textes, travail à faire)
  ['cahier', 'pedagogie'],
  ['homework', 'pedagogie'],
  ['handins', 'pedagogie'],
  // Documents (espaces de documents)
  ['documents', 'documents'],
  // Accompagnement des élèves (suivi, rendez-vous)
  ['followup', 'accompagnement'],
  ['pupils', 'accompagnement'],
  ['appointments', 'accompagnement'],
  ['reception', 'accompagnement'],
  // Réservation de ressources et réunions parents-professeurs
  ['resources', 'reservation'],
  ['evenings', 'reservation'],
];

/** The family of an API route pattern (`/api/schools/:schoolId/attendance/missing` → vie_scolaire). */
export function familyOfRoute(routeUrl: string): ServiceFamily {
  let rest = routeUrl.startsWith('/api/') ? routeUrl.slice(5) : routeUrl;
  if (rest.startsWith('schools/')) rest = rest.split('/').slice(2).join('/');
  const first = rest.split('/')[0] ?? '';
  for (const [prefix, family] of FAMILY_OF_PREFIX) if (first === prefix) return family;
  return 'services';
}
