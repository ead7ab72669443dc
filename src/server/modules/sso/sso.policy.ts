import type { ProfileKind } from '../../lib/policy.ts';
import type { SsoClient } from '../../lib/sso-clients.ts';

/** A person may open an application when one of their profiles, in any school, is among the client's. */
export const mayUseClient = (profiles: ReadonlyArray<{ kind: ProfileKind }>, client: SsoClient): boolean =>
  profiles.some((p) => client.profiles.includes(p.kind));

/**
 * A CAS `service` belongs to a client when it has the origin of one of its registered URLs and its path is that
 * URL's path or under it (a registered path ending in '/' is a folder). Compared on parsed URLs, never as string
 * prefixes: "https://a.fr" must not let "https://a.fr.evil.net" in.
 */
export function serviceMatches(service: string, registered: string): boolean {
  let s: URL;
  let r: URL;
  try {
    s = new URL(service);
    r = new URL(registered);
  } catch {
    return false;
  }
  if (s.username || s.password || s.hash) return false;
  if (s.origin !== r.origin) return false;
  if (s.pathname === r.pathname) return true;
  const folder = r.pathname.endsWith('/') ? r.pathname : `${r.pathname}/`;
  return s.pathname.startsWith(folder) && !s.pathname.includes('/../') && !s.pathname.includes('/./');
}

/** The CAS client a service URL belongs to, if any. */
export const casClientFor = (clients: readonly SsoClient[], service: string): SsoClient | undefined =>
  clients.find((c) => c.kind === 'cas' && c.redirectUris.some((r) => serviceMatches(service, r)));
