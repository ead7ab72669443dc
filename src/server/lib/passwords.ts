import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * Argon2id at OWASP's minimum (m = 19 MiB, t = 2, p = 1). @node-rs/argon2 runs on its own
 * thread pool, never on the event loop.
 */
export const ARGON2_OPTIONS = {
  algorithm: 2, // Algorithm.Argon2id (a const enum, not importable under verbatimModuleSyntax)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2_OPTIONS);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A hash of a random value: verifying against it when the login is unknown keeps the timing the same.
let dummyHash: Promise<string> | undefined;
export async function burnVerifyTime(password: string): Promise<void> {
  dummyHash ??= hashPassword(`unknown-account-${Math.random()}`);
  await verifyPassword(await dummyHash, password);
}

// The most common passwords (zxcvbn's list) plus French favourites; compared case-insensitively.
const FRENCH_COMMON = [
  'azertyuiop',
  'azertyuiop123',
  'azerty123456',
  'motdepasse',
  'motdepasse123',
  'motdepasse1234',
  'jetaime123456',
  'soleil123456',
  'bonjour123456',
  'doudou123456',
  'marseille13013',
  'allezlom1234',
  'loulou123456',
  'chouchou1234',
  'college123456',
  'ecole1234567',
  '123456789azerty',
  'azertyuiopqsdf',
  'wxcvbn123456',
];
const COMMON = new Set<string>([...(dictionary['passwords-common'] as string[]), ...FRENCH_COMMON]);

export type PasswordProblem = 'TOO_SHORT' | 'TOO_LONG' | 'TOO_COMMON' | 'CONTAINS_LOGIN' | 'REPETITIVE';

/**
 * CNIL 2022 (délibération 2022-100): at least 12 characters, no composition rules, and the most
 * common passwords refused. Returns the problems found, empty when the password is acceptable.
 */
export function checkPasswordPolicy(password: string, ctx: { login?: string } = {}): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) problems.push('TOO_SHORT');
  if (length > MAX_PASSWORD_LENGTH) problems.push('TOO_LONG');
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) problems.push('TOO_COMMON');
  if (new Set(lower).size <= 3 && length >= 1) problems.push('REPETITIVE');
  if (ctx.login && ctx.login.length >= 4 && lower.includes(ctx.login.toLowerCase())) problems.push('CONTAINS_LOGIN');
  return problems;
}
