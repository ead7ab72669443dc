/** Only paths of this site are followed after sign-in: never another origin (open redirect). */
export function safeRedirect(value: string | null | undefined): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (value.startsWith('/connexion') || value.startsWith('/activation')) return '/';
  return value;
}

export const signInPathFor = (location: string) =>
  location === '/' ? '/connexion' : `/connexion?redirect=${encodeURIComponent(location)}`;
