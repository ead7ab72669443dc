/**
 * French elision before a name or a subject: "d’Axel", "d’Éducation musicale", but "de Léo", "de Yanis". A
 * leading h stays "de" (mute or aspirated, "de Hugo" is acceptable). The web app has the same rule in
 * `src/web/i18n/elision.ts` (no server code reaches the bundle).
 */
const ELIDES = /^[aeiouàâäéèêëîïôöùûüœæ]/iu;

export function deName(name: string): string {
  const n = name.trim();
  return ELIDES.test(n) ? `d’${n}` : `de ${n}`;
}
