/**
 * French elision before a name or a subject: "d’Axel", "d’Émilie", but "de Léo", "de Yanis", "de Hugo". The
 * catalogue uses it as an i18next formatter: "Retour à la fiche {{name, de}}". Same rule as the server's
 * `src/server/lib/french.ts`.
 */
const ELIDES = /^[aeiouàâäéèêëîïôöùûüœæ]/iu;

export function deName(name: string): string {
  const n = name.trim();
  return ELIDES.test(n) ? `d’${n}` : `de ${n}`;
}
