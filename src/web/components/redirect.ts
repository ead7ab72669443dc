/** Only paths of this site are followed after sign-in: never another origin (open redirect). */
export function safeRedirect(value: string | null | undefined): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // Browsers drop tabs and newlines from URLs and read '\' as '/': "/\t/evil.example" would become "//evil.example".
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused here
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  if (value.startsWith('/connexion') || value.startsWith('/activation')) return '/';
  return value;
}

/**
 * Paths served by the server rather than the web app (the sign-in step of another application, docs/sso.md):
 * after sign-in the browser loads them, the app's router cannot.
 */
export const isServerPath = (path: string) => /^\/(oidc|cas)\//.test(path);

export const signInPathFor = (location: string) =>
  location === '/' ? '/connexion' : `/connexion?redirect=${encodeURIComponent(location)}`;
