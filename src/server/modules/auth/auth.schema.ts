import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from '../../lib/passwords.ts';
import { PROFILE_KINDS, STAFF_FUNCTIONS } from '../../lib/policy.ts';

export const LOCALES = ['fr', 'en', 'ar'] as const;

export const LoginBodySchema = z.strictObject({
  login: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

export const ActivateBodySchema = z.strictObject({
  code: z.string().trim().min(8).max(40),
  password: z
    .string()
    .min(1)
    .max(MAX_PASSWORD_LENGTH * 4),
});

export const ChangePasswordBodySchema = z.strictObject({
  currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  newPassword: z
    .string()
    .min(1)
    .max(MAX_PASSWORD_LENGTH * 4),
});

export const LocaleBodySchema = z.strictObject({ locale: z.enum(LOCALES) });
export const SwitchSchoolBodySchema = z.strictObject({ schoolId: z.string().min(1).max(64) });

export const SessionResultSchema = z.object({
  personId: z.string(),
  login: z.string(),
  csrfToken: z.string(),
});

/** A session, or (second step on) a challenge to answer with a code at /api/auth/login/code. */
export const LoginResultSchema = z.union([
  SessionResultSchema,
  z.object({ mfaRequired: z.literal(true), challenge: z.string() }),
]);

export const ActivateResultSchema = SessionResultSchema;

export const LoginCodeBodySchema = z.strictObject({
  challenge: z.string().min(20).max(100),
  /** 6 digits from the authenticator, or a recovery code (XXXX-XXXX-XXXX). */
  code: z.string().trim().min(6).max(20),
});

export const MfaStatusSchema = z.object({
  enabled: z.boolean(),
  required: z.boolean(),
  enrolmentPending: z.boolean(),
  recoveryCodesLeft: z.number().int(),
});
export const MfaSetupSchema = z.object({
  /** Base32, for typing into an app that cannot scan. */
  secret: z.string(),
  /** otpauth:// URI, the QR code's content. */
  uri: z.string(),
  qrSvg: z.string(),
});
export const MfaCodeBodySchema = z.strictObject({ code: z.string().trim().min(6).max(10) });
export const MfaDisableBodySchema = z.strictObject({ password: z.string().min(1).max(MAX_PASSWORD_LENGTH) });
export const RecoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });

export const OkSchema = z.object({ ok: z.literal(true) });

const ClassRefSchema = z.object({ id: z.string(), code: z.string(), label: z.string(), level: z.string() });
const SiteRefSchema = z.object({ id: z.string(), name: z.string() });

export const MeSchema = z.object({
  person: z.object({
    id: z.string(),
    login: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    locale: z.enum(LOCALES),
    isDeploymentAdmin: z.boolean(),
  }),
  currentSchoolId: z.string().nullable(),
  schools: z.array(
    z.object({
      id: z.string(),
      uai: z.string(),
      name: z.string(),
      town: z.string(),
      profiles: z.array(z.enum(PROFILE_KINDS)),
      functions: z.array(z.enum(STAFF_FUNCTIONS)),
      abilities: z.array(z.string()),
    }),
  ),
  /** For pupils: their own class and site this year. */
  enrolments: z.array(z.object({ schoolId: z.string(), class: ClassRefSchema, site: SiteRefSchema.nullable() })),
  /** For guardians: every child, whatever their school, side by side. */
  children: z.array(
    z.object({
      id: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      schoolId: z.string(),
      schoolName: z.string(),
      class: ClassRefSchema.nullable(),
      site: SiteRefSchema.nullable(),
      responsibility: z.enum(['legal1', 'legal2', 'contact']),
    }),
  ),
  /** For teachers: the classes and groups they teach this year. */
  teaching: z.array(
    z.object({
      schoolId: z.string(),
      kind: z.enum(['class', 'group']),
      id: z.string(),
      code: z.string(),
      label: z.string(),
      subjects: z.array(z.object({ id: z.string(), code: z.string(), label: z.string() })),
      isPrincipal: z.boolean(),
    }),
  ),
  csrfToken: z.string(),
  /** Signed in only to set up the second sign-in step: nothing else opens until it is done. */
  mfaEnrolmentPending: z.boolean(),
});
export type Me = z.infer<typeof MeSchema>;

export const SessionListSchema = z.array(
  z.object({
    id: z.string(),
    current: z.boolean(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    ip: z.string(),
    userAgent: z.string(),
  }),
);

export const SessionIdParamsSchema = z.strictObject({ sessionId: z.string().min(1).max(100) });
