import { z } from 'zod';
import { PROFILE_KINDS } from '../../lib/policy.ts';

export const InteractionParamsSchema = z.object({ uid: z.string().min(1).max(100) }).strict();

export const CasLoginQuerySchema = z
  .object({
    service: z.string().max(2000).optional(),
    gateway: z.string().max(10).optional(),
    renew: z.string().max(10).optional(),
  })
  .strict();

export const CasValidateQuerySchema = z
  .object({
    ticket: z.string().max(200).optional(),
    service: z.string().max(2000).optional(),
    pgtUrl: z.string().max(2000).optional(),
    renew: z.string().max(10).optional(),
    format: z.string().max(10).optional(),
  })
  .strict();

export const CasLogoutQuerySchema = z.object({ service: z.string().max(2000).optional() }).strict();

export const ApplicationSchema = z.object({
  clientId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  kind: z.enum(['oidc', 'cas']),
  /** Where "Open" goes: the application itself, or for CAS Préau's /cas/login on its way there. */
  launchUrl: z.string().nullable(),
});

export const RegisteredClientSchema = z.object({
  clientId: z.string(),
  name: z.string(),
  kind: z.enum(['oidc', 'cas']),
  redirectUris: z.array(z.string()),
  profiles: z.array(z.enum(PROFILE_KINDS)),
});

export const ApplicationListSchema = z.object({
  applications: z.array(ApplicationSchema),
  /** Every registered client, read-only: for administrators only (null for everyone else). */
  registered: z.array(RegisteredClientSchema).nullable(),
});
export type ApplicationList = z.infer<typeof ApplicationListSchema>;
