// Response and request types come from the server's Zod schemas, as types only: no server code in the bundle.
import type { z } from 'zod';
import type {
  AdminClassListSchema,
  AdminClassSchema,
  AdminGroupListSchema,
  AdminGroupSchema,
  AdminPersonDetailSchema,
  AdminPersonSchema,
  CLASS_LEVELS,
  ClassCreateSchema,
  GROUP_KINDS,
  GroupCreateSchema,
  GuardianshipCreateSchema,
  GuardianshipSchema,
  GuardianshipUpdateSchema,
  PERIOD_KINDS,
  PeriodCreateSchema,
  PeriodListSchema,
  PeriodSchema,
  PersonCreatedSchema,
  PersonCreateSchema,
  PersonUpdateSchema,
  SiteCreateSchema,
  SiteListSchema,
  SiteSchema,
} from '../../server/modules/admin/admin.schema.ts';
import type {
  ActivateBodySchema,
  ChangePasswordBodySchema,
  LOCALES,
  LoginBodySchema,
  LoginResultSchema,
  MeSchema,
  MfaSetupSchema,
  MfaStatusSchema,
  SessionListSchema,
  SessionResultSchema,
} from '../../server/modules/auth/auth.schema.ts';
import type {
  ClassListSchema,
  PersonDetailSchema,
  PersonListSchema,
  PupilSchema,
} from '../../server/modules/directory/directory.schema.ts';
import type {
  NotificationListSchema,
  NotificationSchema,
  UnreadCountSchema,
} from '../../server/modules/notifications/notifications.schema.ts';
import type { ApiQuery } from './contract.ts';

export type Locale = (typeof LOCALES)[number];
export type Me = z.infer<typeof MeSchema>;
export type MeSchool = Me['schools'][number];
export type MeChild = Me['children'][number];
export type ProfileKind = MeSchool['profiles'][number];
export type StaffFunction = MeSchool['functions'][number];
export type LoginBody = z.input<typeof LoginBodySchema>;
export type LoginResult = z.infer<typeof LoginResultSchema>;
export type SessionResult = z.infer<typeof SessionResultSchema>;
export type MfaStatus = z.infer<typeof MfaStatusSchema>;
export type MfaSetup = z.infer<typeof MfaSetupSchema>;
export type ActivateBody = z.input<typeof ActivateBodySchema>;
export type ChangePasswordBody = z.input<typeof ChangePasswordBodySchema>;
export type SessionList = z.infer<typeof SessionListSchema>;
export type PeopleQuery = ApiQuery<'/api/schools/{schoolId}/people', 'get'>;
export type PersonList = z.infer<typeof PersonListSchema>;
export type PersonDetail = z.infer<typeof PersonDetailSchema>;
export type Pupil = z.infer<typeof PupilSchema>;
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

export type AdminPerson = z.infer<typeof AdminPersonSchema>;
export type AdminPersonDetail = z.infer<typeof AdminPersonDetailSchema>;
export type Guardianship = z.infer<typeof GuardianshipSchema>;
export type GuardianshipCreateBody = z.input<typeof GuardianshipCreateSchema>;
export type GuardianshipUpdateBody = z.input<typeof GuardianshipUpdateSchema>;
export type PersonCreateBody = z.input<typeof PersonCreateSchema>;
export type PersonCreated = z.infer<typeof PersonCreatedSchema>;
export type PersonUpdateBody = z.input<typeof PersonUpdateSchema>;
export type Site = z.infer<typeof SiteSchema>;
export type SiteList = z.infer<typeof SiteListSchema>;
export type SiteCreateBody = z.input<typeof SiteCreateSchema>;
export type AdminClass = z.infer<typeof AdminClassSchema>;
export type AdminClassList = z.infer<typeof AdminClassListSchema>;
export type ClassCreateBody = z.input<typeof ClassCreateSchema>;
export type AdminGroup = z.infer<typeof AdminGroupSchema>;
export type AdminGroupList = z.infer<typeof AdminGroupListSchema>;
export type GroupCreateBody = z.input<typeof GroupCreateSchema>;
export type Period = z.infer<typeof PeriodSchema>;
export type PeriodList = z.infer<typeof PeriodListSchema>;
export type PeriodCreateBody = z.input<typeof PeriodCreateSchema>;
export type ClassLevel = (typeof CLASS_LEVELS)[number];
export type GroupKind = (typeof GROUP_KINDS)[number];
export type PeriodKind = (typeof PERIOD_KINDS)[number];
