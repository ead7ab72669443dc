/** Stable error codes: the web app maps them to translated messages. Domains add their own. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'VALIDATION_FAILED'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'INVALID_CREDENTIALS'
  | 'ACTIVATION_INVALID'
  | 'PASSWORD_REJECTED'
  | 'CSRF_REJECTED'
  | 'ROOM_TAKEN'
  | 'TEACHER_BUSY'
  | 'CLASS_BUSY'
  | 'GROUP_BUSY'
  | 'ROLL_CALL_LOCKED'
  | 'PERIOD_LOCKED'
  | 'SESSION_CANCELLED'
  | 'MESSAGING_BLOCKED'
  | 'DEFENCE_DELAY_RUNNING'
  | 'MESSAGING_FROZEN'
  | 'FILE_REJECTED'
  | 'SLOT_TAKEN'
  | 'SLOT_UNAVAILABLE'
  | 'COLLECT_NOT_ALLOWED'
  | 'RESOURCE_TAKEN'
  | 'EVENING_CLOSED'
  | 'EVENING_NOT_YET_OPEN'
  | 'EVENING_HAS_REQUESTS'
  | 'EVENING_HAS_SCHEDULE'
  | 'EVENING_TEACHER_HAS_REQUESTS'
  | 'HAND_IN_CLOSED'
  | 'ALREADY_ANSWERED'
  | 'QUESTIONNAIRE_CLOSED'
  | 'QUESTIONNAIRE_FROZEN'
  | 'OVERLOADED'
  | 'MFA_CODE_INVALID'
  | 'MFA_CHALLENGE_EXPIRED'
  | 'MFA_ENROLMENT_REQUIRED'
  | 'REMINDER_TOO_SOON'
  | 'YEAR_ARCHIVED'
  | 'QUOTA_EXCEEDED'
  | 'INTERNAL';

const STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION_FAILED: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  QUOTA_EXCEEDED: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_CREDENTIALS: 401,
  ACTIVATION_INVALID: 400,
  PASSWORD_REJECTED: 400,
  CSRF_REJECTED: 403,
  ROOM_TAKEN: 409,
  TEACHER_BUSY: 409,
  CLASS_BUSY: 409,
  GROUP_BUSY: 409,
  ROLL_CALL_LOCKED: 409,
  PERIOD_LOCKED: 409,
  SESSION_CANCELLED: 409,
  MESSAGING_BLOCKED: 403,
  DEFENCE_DELAY_RUNNING: 409,
  MESSAGING_FROZEN: 403,
  FILE_REJECTED: 422,
  SLOT_TAKEN: 409,
  SLOT_UNAVAILABLE: 409,
  COLLECT_NOT_ALLOWED: 409,
  RESOURCE_TAKEN: 409,
  EVENING_CLOSED: 409,
  EVENING_NOT_YET_OPEN: 409,
  EVENING_HAS_REQUESTS: 409,
  EVENING_HAS_SCHEDULE: 409,
  /** A teacher whom families asked for stays in the evening (docs/evenings.md, "Changing the teachers"). */
  EVENING_TEACHER_HAS_REQUESTS: 409,
  HAND_IN_CLOSED: 409,
  ALREADY_ANSWERED: 409,
  QUESTIONNAIRE_CLOSED: 409,
  /** A published questionnaire's questions, audience and anonymity no longer change; only its closing date. */
  QUESTIONNAIRE_FROZEN: 409,
  /** One reminder per questionnaire per 24 hours; details.retryAfterSeconds. */
  REMINDER_TOO_SOON: 429,
  /** The school year was rolled over (« bascule d'année »): it is read-only. */
  YEAR_ARCHIVED: 409,
  OVERLOADED: 503,
  MFA_CODE_INVALID: 400,
  MFA_CHALLENGE_EXPIRED: 400,
  MFA_ENROLMENT_REQUIRED: 403,
  INTERNAL: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly status: number;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.status = STATUS[code];
  }
}

export const notFound = (what = 'Resource') => new AppError('NOT_FOUND', `${what} not found`);
