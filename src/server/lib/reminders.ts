import { AppError } from './errors.ts';

/**
 * « Relancer »: a reminder of the same news or questionnaire to those who have not acted goes once per 24 hours
 * at most. Each module claims the reminder in its own table (`reminded_at`, set only if older than
 * `reminderClaimBefore(now)`), in the transaction that notifies.
 */
export const REMINDER_INTERVAL_MS = 24 * 3600 * 1000;

/** When the next reminder may go; null when never reminded (now). */
export const nextReminderAt = (remindedAt: string | null): string | null =>
  remindedAt === null ? null : new Date(Date.parse(remindedAt) + REMINDER_INTERVAL_MS).toISOString();

/** A reminder claimed before this instant no longer holds the next one back. */
export const reminderClaimBefore = (now: Date): string => new Date(now.getTime() - REMINDER_INTERVAL_MS).toISOString();

/** The 429 for a reminder asked too soon, with when the next may go. */
export function reminderTooSoon(remindedAt: string | null, now: Date): AppError {
  const next = nextReminderAt(remindedAt) ?? now.toISOString();
  return new AppError('REMINDER_TOO_SOON', 'A reminder was already sent in the last 24 hours', {
    nextReminderAt: next,
    retryAfterSeconds: Math.max(1, Math.ceil((Date.parse(next) - now.getTime()) / 1000)),
  });
}
