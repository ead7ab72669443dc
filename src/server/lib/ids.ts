import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();
export const nowIso = (): string => new Date().toISOString();

/** A random token of `bytes` bytes (default 32 = 256 bits), base64url. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('base64url');

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I: codes are typed from paper

/** A human-typeable activation code, e.g. "K7PM-Q2XD-9RTA" (60 bits). */
export function activationCode(): string {
  const bytes = randomBytes(12);
  let out = '';
  for (let i = 0; i < 12; i++) {
    out += CODE_ALPHABET[bytes[i]! % 32];
    if (i === 3 || i === 7) out += '-';
  }
  return out;
}

/** Normalises what a person typed (spaces, dashes, lower case) before hashing. */
export const normaliseActivationCode = (code: string): string => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
