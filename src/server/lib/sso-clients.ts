import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { PROFILE_KINDS, type ProfileKind } from './policy.ts';

/**
 * One application that signs people in through Préau (docs/sso.md), as the deployment's SSO_CLIENTS_FILE lists it.
 * `redirect_uris` are the OpenID Connect redirection URIs (exact match) or, for CAS, the service URLs a `service`
 * must fall under (same origin, path under the registered one).
 */
export const SsoClientSchema = z
  .object({
    client_id: z.string().regex(/^[A-Za-z0-9._-]{3,64}$/, '3 to 64 letters, digits, dots, dashes or underscores'),
    client_secret: z.string().min(32, 'at least 32 characters').optional(),
    kind: z.enum(['oidc', 'cas']),
    name: z.string().min(1).max(80),
    description: z.string().max(200).optional(),
    /** Where the Applications page sends people: the application's own address. */
    url: z.url().optional(),
    redirect_uris: z.array(z.url()).min(1),
    profiles: z.array(z.enum(PROFILE_KINDS)).min(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.kind === 'oidc' && !c.client_secret) {
      ctx.addIssue({ code: 'custom', path: ['client_secret'], message: 'an OpenID Connect client needs a secret' });
    }
    for (const uri of c.redirect_uris) {
      const u = new URL(uri);
      if (u.protocol !== 'https:' && !(u.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(u.hostname))) {
        ctx.addIssue({ code: 'custom', path: ['redirect_uris'], message: `${uri}: https only (http for localhost)` });
      }
      if (u.hash) ctx.addIssue({ code: 'custom', path: ['redirect_uris'], message: `${uri}: no fragment` });
    }
  });

export type SsoClient = {
  clientId: string;
  clientSecret: string | undefined;
  kind: 'oidc' | 'cas';
  name: string;
  description: string | undefined;
  url: string | undefined;
  redirectUris: string[];
  profiles: ProfileKind[];
};

const SsoClientsFileSchema = z
  .array(SsoClientSchema)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    for (const c of list) {
      if (seen.has(c.client_id)) ctx.addIssue({ code: 'custom', message: `client_id ${c.client_id} twice` });
      seen.add(c.client_id);
    }
  })
  .transform((list): SsoClient[] =>
    list.map((c) => ({
      clientId: c.client_id,
      clientSecret: c.client_secret,
      kind: c.kind,
      name: c.name,
      description: c.description,
      url: c.url,
      redirectUris: c.redirect_uris,
      profiles: c.profiles,
    })),
  );

/** Parses the clients' JSON (an array); throws an Error naming every wrong field. */
export function parseSsoClients(json: string): SsoClient[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    throw new Error(`not JSON: ${(e as Error).message}`);
  }
  const parsed = SsoClientsFileSchema.safeParse(data);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

/** Reads SSO_CLIENTS_FILE. */
export function readSsoClientsFile(file: string): SsoClient[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseSsoClients(text);
}
