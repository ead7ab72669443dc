import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

const KNOWN = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'VALIDATION_FAILED',
  'CONFLICT',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'INVALID_CREDENTIALS',
  'ACTIVATION_INVALID',
  'PASSWORD_REJECTED',
  'CSRF_REJECTED',
  'MESSAGING_BLOCKED',
  'DEFENCE_DELAY_RUNNING',
  'MESSAGING_FROZEN',
  'FILE_REJECTED',
  'SLOT_TAKEN',
  'SLOT_UNAVAILABLE',
  'COLLECT_NOT_ALLOWED',
  'RESOURCE_TAKEN',
  'EVENING_CLOSED',
  'EVENING_NOT_YET_OPEN',
  'EVENING_HAS_REQUESTS',
  'EVENING_HAS_SCHEDULE',
  'EVENING_TEACHER_HAS_REQUESTS',
  'HAND_IN_CLOSED',
  'ALREADY_ANSWERED',
  'QUESTIONNAIRE_CLOSED',
  'QUESTIONNAIRE_FROZEN',
  'OVERLOADED',
  'MFA_CODE_INVALID',
  'MFA_CHALLENGE_EXPIRED',
  'MFA_ENROLMENT_REQUIRED',
  'REMINDER_TOO_SOON',
  'QUOTA_EXCEEDED',
  'YEAR_ARCHIVED',
  'INTERNAL',
  'NETWORK',
]);

export const PASSWORD_PROBLEMS = ['TOO_SHORT', 'TOO_LONG', 'TOO_COMMON', 'CONTAINS_LOGIN', 'REPETITIVE'] as const;

/** The problems the server found in a refused password (PASSWORD_REJECTED), if that is the error. */
export function passwordProblems(error: unknown): string[] {
  if (!(error instanceof ApiError) || error.code !== 'PASSWORD_REJECTED') return [];
  const problems = (error.details as { problems?: unknown } | undefined)?.problems;
  return Array.isArray(problems) ? problems.filter((p): p is string => typeof p === 'string') : [];
}

/** Maps an error code (and its details) to a translated sentence. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.UNKNOWN');
  if (error.code === 'RATE_LIMITED') {
    const seconds = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 60;
    return t('errors.RATE_LIMITED', { count: Math.max(1, Math.ceil(seconds / 60)) });
  }
  if (error.code === 'PASSWORD_REJECTED') {
    const problems = passwordProblems(error).map((p) => t(`password.problems.${p}`, { defaultValue: '' }));
    return [t('errors.PASSWORD_REJECTED'), ...problems.filter(Boolean)].join(' ');
  }
  if (error.code === 'EVENING_HAS_SCHEDULE' && (error.details as { field?: unknown } | undefined)?.field === 'teachers')
    return t('errors.EVENING_HAS_SCHEDULE_TEACHERS');
  if (error.code === 'QUOTA_EXCEEDED') {
    const d = (error.details ?? {}) as { scope?: string; usedBytes?: number; limitBytes?: number };
    const mb = (n: number | undefined) => `${Math.ceil((n ?? 0) / 1024 / 1024)} Mo`;
    if (d.scope === 'personal' || d.scope === 'school') {
      return t(`documents.quota.${d.scope}`, { used: mb(d.usedBytes), limit: mb(d.limitBytes) });
    }
  }
  const text = KNOWN.has(error.code) ? t(`errors.${error.code}`) : t('errors.UNKNOWN');
  return error.code === 'INTERNAL' && error.requestId ? `${text} (${t('errors.reference')} ${error.requestId})` : text;
}

/** Errors that asking again may cure: the server failed or could not be reached. */
export const isRetryable = (error: unknown) => error instanceof ApiError && (error.status === 0 || error.status >= 500);

/**
 * An error announced to screen readers, or nothing. With "Réessayer" when asking again may help: it
 * calls `onRetry`, or refetches every query on screen that failed.
 */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => unknown }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  if (!error) return null;
  const failed = () =>
    qc.getQueryCache().findAll({ type: 'active', predicate: (q) => q.state.status === 'error' }).length > 0;
  const retry =
    onRetry ??
    (isRetryable(error) && failed()
      ? () => qc.refetchQueries({ type: 'active', predicate: (q) => q.state.status === 'error' })
      : undefined);
  return (
    <div className="alert alert-error" role="alert">
      <p>{errorMessage(t, error)}</p>
      {retry && (
        <Button className="button button-small" onPress={() => void retry()}>
          {t('errors.retry')}
        </Button>
      )}
    </div>
  );
}
