// Response and request types come from the server's Zod schemas, as types only: no server code in the bundle.
import type { z } from 'zod';
import type {
  ActivateBodySchema,
  ChangePasswordBodySchema,
  LOCALES,
  LoginBodySchema,
  LoginResultSchema,
  MeSchema,
  SessionListSchema,
} from '../../server/modules/auth/auth.schema.ts';
import type {
  ActivationCodeSchema,
  ClassListSchema,
  PeopleQuerySchema,
  PersonDetailSchema,
  PersonListSchema,
  PupilSchema,
} from '../../server/modules/directory/directory.schema.ts';
import type {
  NotificationListSchema,
  NotificationSchema,
  UnreadCountSchema,
} from '../../server/modules/notifications/notifications.schema.ts';

export type Locale = (typeof LOCALES)[number];
export type Me = z.infer<typeof MeSchema>;
export type MeSchool = Me['schools'][number];
export type MeChild = Me['children'][number];
export type ProfileKind = MeSchool['profiles'][number];
export type StaffFunction = MeSchool['functions'][number];
export type LoginBody = z.input<typeof LoginBodySchema>;
export type LoginResult = z.infer<typeof LoginResultSchema>;
export type ActivateBody = z.input<typeof ActivateBodySchema>;
export type ChangePasswordBody = z.input<typeof ChangePasswordBodySchema>;
export type SessionList = z.infer<typeof SessionListSchema>;
export type PeopleQuery = Partial<z.input<typeof PeopleQuerySchema>>;
export type PersonList = z.infer<typeof PersonListSchema>;
export type PersonDetail = z.infer<typeof PersonDetailSchema>;
export type Pupil = z.infer<typeof PupilSchema>;
export type ActivationCode = z.infer<typeof ActivationCodeSchema>;
export type ClassList = z.infer<typeof ClassListSchema>;

/** Every error the server answers: `{ error, message, details, requestId }`. */
export interface ErrorBody {
  error: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

export type NotificationItem = z.infer<typeof NotificationSchema>;
export type NotificationList = z.infer<typeof NotificationListSchema>;
export type UnreadCount = z.infer<typeof UnreadCountSchema>;
