import type { Generated, Kysely, Transaction } from 'kysely';

/**
 * Table types, kept in step with the migrations by hand. Conventions:
 * ids are text; calendar dates are 'YYYY-MM-DD' text; instants are ISO-8601 UTC text;
 * booleans are integers 0/1 (portable between SQLite and PostgreSQL).
 */
export interface SchoolTable {
  id: string;
  uai: string;
  name: string;
  town: string;
  academie: string;
  holiday_zone: string;
  created_at: string;
}

export interface SiteTable {
  id: string;
  school_id: string;
  name: string;
  address: string;
  /** JSON array of CIDR ranges, e.g. ["10.93.1.0/24"] */
  network_ranges: string;
}

export interface SchoolYearTable {
  id: string;
  school_id: string;
  label: string;
  starts_on: string;
  ends_on: string;
  /** Set by the year's rollover: the year is read-only from then on (lib/school-year.ts). */
  archived_at: Generated<string | null>;
}

export interface PeriodTable {
  id: string;
  school_id: string;
  school_year_id: string;
  kind: 'trimestre' | 'semestre';
  number: number;
  label: string;
  starts_on: string;
  ends_on: string;
}

export interface SubjectTable {
  id: string;
  school_id: string;
  code: string;
  label: string;
}

export interface ClassTable {
  id: string;
  school_id: string;
  school_year_id: string;
  site_id: string | null;
  code: string;
  label: string;
  level: string;
}

export interface GroupTable {
  id: string;
  school_id: string;
  school_year_id: string;
  code: string;
  label: string;
  kind: string;
}

export interface MembershipTable {
  id: string;
  pupil_id: string;
  starts_on: string;
  ends_on: string | null;
}

export interface ClassMembershipTable extends MembershipTable {
  class_id: string;
}

export interface GroupMembershipTable extends MembershipTable {
  group_id: string;
}

export interface PersonTable {
  id: string;
  login: string;
  first_name: string;
  last_name: string;
  birth_date: string | null;
  email: string | null;
  password_hash: string | null;
  activation_code_hash: string | null;
  activation_expires_at: string | null;
  locale: string;
  /** Added by 20261204000710: how to reach the person. */
  phone: string | null;
  postal_address: string | null;
  is_deployment_admin: number;
  disabled_at: string | null;
  external_id: string | null;
  created_at: string;
}

/** Usage counters (docs/pilotage.md): visits and active time per school, local day and hour, place and profile. */
export interface UsageVisitTable {
  school_id: string;
  /** Local (Europe/Paris) date. */
  day: string;
  /** Local hour, 0–23. */
  hour: number;
  /** A site id, or 'outside'. */
  place: string;
  profile: string;
  visits: number;
  active_seconds: number;
}

/** Usage counters: requests to a family of services, per school, local day and hour, place and profile. */
export interface UsageServiceTable {
  school_id: string;
  day: string;
  hour: number;
  place: string;
  profile: string;
  family: string;
  uses: number;
}

/** Accountable actions (access resets, links changed...): see lib/audit.ts. */
export interface AuditEventTable {
  id: string;
  school_id: string | null;
  actor_person_id: string | null;
  action: string;
  target_person_id: string | null;
  /** JSON object text. */
  details: string;
  created_at: string;
}

export interface ProfileTable {
  id: string;
  person_id: string;
  school_id: string;
  kind: 'pupil' | 'guardian' | 'teacher' | 'staff';
}

export interface StaffFunctionTable {
  id: string;
  person_id: string;
  school_id: string;
  function: string;
}

export interface GuardianshipTable {
  id: string;
  guardian_id: string;
  pupil_id: string;
  responsibility: 'legal1' | 'legal2' | 'contact';
  lives_with: number;
  receives_mail: number;
  may_collect: number;
  court_restricted: number;
  /** For an "other contact": the school lets them follow the schooling. Ignored for legal guardians. */
  school_access: Generated<number>;
}

export interface TeachingAssignmentTable {
  id: string;
  school_id: string;
  school_year_id: string;
  teacher_id: string;
  class_id: string | null;
  group_id: string | null;
  subject_id: string;
}

export interface ClassPrincipalTable {
  id: string;
  class_id: string;
  teacher_id: string;
}

export interface SessionTable {
  id_hash: string;
  person_id: string;
  school_id: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string;
  user_agent: string;
  /** 1: opened only to enrol the second sign-in step (migration create_mfa). */
  mfa_enrolment: Generated<number>;
}

export interface MfaTotpTable {
  person_id: string;
  secret: string;
  confirmed_at: string | null;
  last_step: number | null;
  created_at: string;
}

export interface MfaRecoveryCodeTable {
  id: string;
  person_id: string;
  code_hash: string;
  used_at: string | null;
}

export interface MfaChallengeTable {
  id_hash: string;
  person_id: string;
  expires_at: string;
  attempts: Generated<number>;
}

export interface AuthThrottleTable {
  key: string;
  failures: number;
  last_failure_at: string;
  locked_until: string | null;
}

/** A device (SHA-256 of its cookie and the person) or an address where a person signed in successfully. */
export interface AuthTrustTable {
  id_hash: string;
  person_id: string;
  kind: 'device' | 'address';
  created_at: string;
  last_used_at: string;
}

export interface NotificationTable {
  id: string;
  person_id: string;
  school_id: string | null;
  kind: string;
  title: string;
  body: string;
  /** A path in the web app, e.g. '/timetable?week=2026-W49'. */
  link: string | null;
  /** The message in the reader's language: a key of the web app's `notify` catalogue, and its parameters (JSON). */
  message_key: string | null;
  message_params: string | null;
  created_at: string;
  read_at: string | null;
}

export interface SchoolCalendarEntryTable {
  id: string;
  school_id: string;
  starts_on: string;
  ends_on: string;
  /** 1: days off added by the school; 0: default days off made school days. */
  is_day_off: number;
  label: string;
}

export interface TimeSlotTable {
  id: string;
  school_id: string;
  site_id: string | null;
  code: string;
  /** 'HH:MM', Europe/Paris wall-clock time. */
  starts_at: string;
  ends_at: string;
}

export interface RoomTable {
  id: string;
  school_id: string;
  site_id: string;
  code: string;
  label: string;
  capacity: number | null;
}

export interface TravelTimeTable {
  id: string;
  school_id: string;
  from_site_id: string;
  to_site_id: string;
  minutes: number;
}

export interface CourseTable {
  id: string;
  school_id: string;
  school_year_id: string;
  subject_id: string;
  class_id: string | null;
  room_id: string | null;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  starts_at: string;
  ends_at: string;
  weeks: 'all' | 'A' | 'B';
  valid_from: string;
  valid_to: string;
  source: 'manual' | 'sts' | 'csv' | 'seed';
  external_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface CourseGroupTable {
  course_id: string;
  group_id: string;
}

export interface CourseTeacherTable {
  course_id: string;
  teacher_id: string;
}

export interface SessionChangeTable {
  id: string;
  school_id: string;
  course_id: string;
  /** The date the session was planned on: with course_id, the session's identity. */
  session_date: string;
  cancelled: number;
  new_date: string | null;
  new_starts_at: string | null;
  new_ends_at: string | null;
  room_id: string | null;
  replacement_teacher_id: string | null;
  reason: string;
  changed_by: string | null;
  changed_at: string;
}

export interface ExtraSessionTable {
  id: string;
  school_id: string;
  course_id: string;
  date: string;
  starts_at: string;
  ends_at: string;
  room_id: string | null;
  teacher_id: string | null;
  cancelled: number;
  reason: string;
  created_by: string | null;
  created_at: string;
}

/** Values that belong to the whole deployment ('deployment_id', created once by its migration). */
export interface DeploymentSettingTable {
  name: string;
  value: string;
  created_at: string;
}

/** A model instance of the OpenID Connect provider (session, interaction, grant, code, token): docs/sso.md. */
export interface OidcPayloadTable {
  kind: string;
  id: string;
  payload: string;
  expires_at: string | null;
  uid: string | null;
  grant_id: string | null;
  user_code: string | null;
  consumed_at: string | null;
}

/** A CAS service ticket (its SHA-256), single use: docs/sso.md. */
export interface CasTicketTable {
  ticket_hash: string;
  client_id: string;
  service: string;
  person_id: string;
  school_id: string | null;
  expires_at: string;
  created_at: string;
}

/** What a session looked like when a feed last published it: its revision number and date. */
export interface IcalEventStateTable {
  session_key: string;
  fingerprint: string;
  sequence: number;
  modified_at: string;
}

export interface IcalFeedTable {
  id: string;
  person_id: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface SchoolSettingTable {
  school_id: string;
  name: string;
  /** JSON text, validated by the module that owns the setting. */
  value: string;
  updated_by: string | null;
  updated_at: string;
}

export interface SessionContentTable {
  id: string;
  school_id: string;
  school_year_id: string;
  /** The timetable's session key: `${courseId}:${date}` or `${courseId}:${date}:${extraSessionId}`. */
  session_key: string;
  course_id: string;
  session_date: string;
  extra_session_id: string | null;
  content: string;
  status: 'draft' | 'published';
  author_id: string | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

export interface HomeworkTable {
  id: string;
  school_id: string;
  school_year_id: string;
  session_key: string | null;
  course_id: string | null;
  session_date: string | null;
  extra_session_id: string | null;
  class_id: string | null;
  group_id: string | null;
  subject_id: string;
  due_date: string;
  instructions: string;
  estimated_minutes: number;
  /** JSON array of { label, url }, http(s) only. */
  links: string;
  status: 'draft' | 'published';
  author_id: string | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  /** 0/1: pupils hand their work in through Préau (docs/handin.md). */
  hand_in_required: Generated<number>;
  hand_in_late_policy: Generated<'accept' | 'refuse'>;
  /** 'HH:MM', Europe/Paris, on the due date. */
  hand_in_due_time: Generated<string>;
  /** The grade book's assessment that returned marks go to, created at the first mark. */
  hand_in_assessment_id: Generated<string | null>;
  /** A document of the class's or group's space (docs/documents.md). */
  document_id: Generated<string | null>;
}

export interface HandInTable {
  id: string;
  homework_id: string;
  pupil_id: string;
  school_id: string;
  handed_in_at: string;
  is_late: number;
  returned_at: string | null;
  returned_by: string | null;
  comment: string | null;
  mark: number | null;
  mark_out_of: number | null;
  created_at: string;
  updated_at: string;
}

export interface HandInFileTable {
  id: string;
  hand_in_id: string;
  /** The key in the file storage (lib/storage.ts). */
  storage_key: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  scan_status: 'clean' | 'not_scanned';
  position: number;
  created_at: string;
}

export interface DocumentSpaceTable {
  id: string;
  school_id: string;
  kind: 'personal' | 'class' | 'group' | 'team';
  scope_key: string;
  owner_id: string | null;
  class_id: string | null;
  group_id: string | null;
  team: 'direction' | 'vie_scolaire' | 'salle_des_profs' | null;
  family_visible: number;
  created_at: string;
}

export interface DocumentFolderTable {
  id: string;
  space_id: string;
  parent_id: string | null;
  name: string;
  family_visible: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface DocumentTable {
  id: string;
  space_id: string;
  folder_id: string | null;
  name: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface DocumentVersionTable {
  id: string;
  document_id: string;
  number: number;
  storage_key: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  scan_status: 'clean' | 'not_scanned';
  uploaded_by: string | null;
  created_at: string;
}

export interface HomeworkDoneTable {
  homework_id: string;
  pupil_id: string;
  done_at: string;
}

export interface HomeworkAttachmentTable {
  id: string;
  homework_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  /** The file's bytes: BLOB on SQLite, BYTEA on PostgreSQL; a Buffer either way. */
  data: Buffer;
  created_by: string | null;
  created_at: string;
}

export type HalfDay = 'am' | 'pm';
export type JustificationStatus = 'none' | 'pending' | 'accepted' | 'refused';

export interface AbsenceReasonTable {
  id: string;
  school_id: string;
  code: string;
  label: string;
  is_valid: number;
  position: number;
  archived: number;
  created_at: string;
}

export interface AttendanceDocumentTable {
  id: string;
  school_id: string;
  pupil_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Buffer;
  created_by: string | null;
  created_at: string;
}

export interface RollCallTable {
  id: string;
  school_id: string;
  session_key: string;
  course_id: string;
  session_date: string;
  extra_session_id: string | null;
  /** Where and when the session took place (after changes). */
  date: string;
  starts_at: string;
  ends_at: string;
  class_id: string | null;
  site_id: string | null;
  pupil_count: number;
  absent_count: number;
  late_count: number;
  taken_by: string | null;
  taken_at: string;
  updated_by: string | null;
  updated_at: string;
  version: number;
}

export interface AttendanceEventTable {
  id: string;
  school_id: string;
  pupil_id: string;
  kind: 'absence' | 'lateness' | 'early_departure';
  source: 'roll_call' | 'vie_scolaire';
  session_key: string | null;
  course_id: string | null;
  starts_at: string | null;
  ends_at: string | null;
  date_from: string;
  half_from: HalfDay;
  date_to: string;
  half_to: HalfDay;
  minutes_late: number | null;
  left_at: string | null;
  collected_by_guardian_id: string | null;
  collected_by_name: string | null;
  reason_id: string | null;
  justification_status: JustificationStatus;
  comment: string;
  notified_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_by: string | null;
  updated_at: string;
  version: number;
}

export interface ExemptionTable {
  id: string;
  school_id: string;
  pupil_id: string;
  subject_id: string | null;
  starts_on: string;
  ends_on: string;
  /** Comma-separated ISO weekdays, or null for every day. */
  weekdays: string | null;
  presence_required: number;
  comment: string;
  document_id: string | null;
  created_by: string | null;
  created_at: string;
}

export interface JustificationTable {
  id: string;
  school_id: string;
  pupil_id: string;
  kind: 'justification' | 'announcement';
  date_from: string | null;
  half_from: HalfDay | null;
  date_to: string | null;
  half_to: HalfDay | null;
  reason_id: string | null;
  comment: string;
  document_id: string | null;
  status: 'pending' | 'accepted' | 'refused';
  submitted_by: string | null;
  submitted_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_comment: string;
  version: number;
}

export interface JustificationEventTable {
  justification_id: string;
  event_id: string;
}

export type GradeCodeColumn = 'ABS' | 'DISP' | 'NN' | 'NR';
export type CouncilDecision =
  | 'felicitations'
  | 'compliments'
  | 'encouragements'
  | 'mise_en_garde_travail'
  | 'mise_en_garde_comportement';

export interface AssessmentTable {
  id: string;
  school_id: string;
  period_id: string;
  subject_id: string;
  class_id: string | null;
  group_id: string | null;
  teacher_id: string;
  title: string;
  kind: string;
  date: string;
  scale: number;
  coefficient_centi: number;
  description: string | null;
  pupils_publish_at: string;
  guardians_publish_at: string;
  created_at: string;
  updated_at: string;
}

export interface GradeTable {
  assessment_id: string;
  pupil_id: string;
  value_centi: number | null;
  code: GradeCodeColumn | null;
  comment: string | null;
  updated_by: string | null;
  updated_at: string;
}

export interface AssessmentSkillTable {
  assessment_id: string;
  component: string;
}

export interface SkillResultTable {
  assessment_id: string;
  pupil_id: string;
  component: string;
  level: number;
  updated_by: string | null;
  updated_at: string;
}

export interface AppreciationTable {
  id: string;
  school_id: string;
  period_id: string;
  pupil_id: string;
  subject_id: string;
  teacher_id: string | null;
  text: string;
  updated_at: string;
  version: number;
}

export interface CouncilDecisionTable {
  id: string;
  school_id: string;
  period_id: string;
  pupil_id: string;
  class_id: string;
  general_appreciation: string;
  decision: CouncilDecision | null;
  updated_by: string | null;
  updated_at: string;
  version: number;
}

export interface ReportCardTable {
  id: string;
  school_id: string;
  period_id: string;
  class_id: string;
  pupil_id: string;
  /** JSON: the report card as published (see reportcards.snapshot.ts). */
  snapshot: string;
  publish_at: string;
  published_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReportCardReadTable {
  report_card_id: string;
  person_id: string;
  read_at: string;
}

/** Who granted or withdrew a sensitive staff function (an append-only trace). */
export interface StaffFunctionGrantTable {
  id: string;
  school_id: string;
  person_id: string;
  function: string;
  change: 'granted' | 'withdrawn';
  granted_by: string | null;
  created_at: string;
}

export interface MessageTable {
  id: string;
  school_id: string;
  sender_id: string;
  sender_role: string;
  thread_id: string;
  parent_id: string | null;
  forward_of_id: string | null;
  subject: string;
  /** Sanitised HTML (messaging.sanitize.ts). */
  body_html: string;
  body_text: string;
  /** JSON array of audience entries. */
  audience: string;
  /** JSON array of recipient choices, for drafts. */
  draft_recipients: string;
  recipient_count: number;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  sender_trashed_at: string | null;
  sender_purged_at: string | null;
  /** Recalled by the school (a taken-over account): hidden from the recipients. */
  recalled_at?: string | null;
  recalled_by?: string | null;
}

export interface MessageCopyTable {
  id: string;
  message_id: string;
  person_id: string;
  created_at: string;
  read_at: string | null;
  trashed_at: string | null;
  purged_at: string | null;
  recalled_at?: string | null;
}

export interface MessageAttachmentTable {
  id: string;
  message_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  scan_status: string;
  data: Buffer;
  created_by: string | null;
  created_at: string;
}

export interface MessagingFreezeTable {
  id: string;
  school_id: string;
  person_id: string;
  frozen_by: string | null;
  reason: string;
  created_at: string;
}

export interface MessageReportTable {
  id: string;
  school_id: string;
  message_id: string;
  reporter_id: string;
  reason: string;
  created_at: string;
  closed_at: string | null;
  closed_by: string | null;
}

export interface MessagingBlockTable {
  id: string;
  school_id: string;
  person_id: string;
  blocked_by: string | null;
  reason: string;
  created_at: string;
}

export interface MessagingAuditTable {
  id: string;
  school_id: string;
  actor_id: string | null;
  action: string;
  message_id: string | null;
  target_id: string | null;
  details: string;
  created_at: string;
}

/** School news (actualités): see docs/news.md. */
export interface NewsTable {
  id: string;
  school_id: string;
  author_id: string | null;
  title: string;
  /** Sanitised HTML (messaging.sanitize.ts). */
  body_html: string;
  body_text: string;
  /** JSON: { publics, siteIds, levels, classIds }. */
  audience: string;
  pinned: number;
  ack_required: number;
  publish_at: string;
  expires_on: string | null;
  notified_at: string | null;
  /** Set when the news is changed after its publication. */
  edited_at: string | null;
  /** The last « Relancer » (at most one a day). */
  reminded_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface NewsAttachmentTable {
  id: string;
  news_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Buffer;
  created_by: string | null;
  created_at: string;
}

/** Questionnaires (docs/questionnaires.md). */
export interface QuestionnaireTable {
  id: string;
  school_id: string;
  author_id: string | null;
  title: string;
  intro: string;
  /** JSON: the questions (questionnaires.schema.ts). */
  questions: string;
  /** JSON: the news audience. */
  audience: string;
  anonymous: number;
  status: 'draft' | 'published' | 'closed';
  opens_on: string;
  closes_on: string;
  published_at: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
  /** The last reminder to those who had not answered (one per 24 h). */
  reminded_at: string | null;
}

/** "Has answered": one per person and questionnaire, no time, no link to the answers. */
export interface QuestionnaireMarkTable {
  questionnaire_id: string;
  person_id: string;
}

/** The answers of an anonymous questionnaire: nothing that leads to a person. */
export interface QuestionnaireAnonymousAnswerTable {
  questionnaire_id: string;
  id: string;
  answers: string;
}

export interface QuestionnaireNamedAnswerTable {
  questionnaire_id: string;
  person_id: string;
  answers: string;
  answered_at: string;
}

/** The pupil follow-up (docs/followup.md). */
export interface FollowupMeetingTable {
  id: string;
  school_id: string;
  kind: 'gpds' | 'cellule_veille';
  held_on: string;
  title: string;
  created_by: string | null;
  created_at: string;
}

export interface NewsReadTable {
  news_id: string;
  person_id: string;
  opened_at: string;
  confirmed_at: string | null;
}

/** Added by 20261205000200 (docs/mail.md). */
export interface MailPreferenceTable {
  person_id: string;
  category: string;
  /** 'immediate' | 'digest' | 'never' */
  mode: string;
  updated_at: string;
}

export interface MailSettingTable {
  person_id: string;
  /** 'HH:MM' Europe/Paris; both null: no quiet hours. */
  quiet_start: string | null;
  quiet_end: string | null;
  updated_at: string;
}

export interface MailQueueTable {
  id: string;
  person_id: string;
  /** 'notification' (one notification) | 'digest' (the daily digest of the items whose digest_id is this id) */
  kind: string;
  notification_id: string | null;
  category: string;
  /** 'pending' | 'waiting_digest' | 'batched' | 'sent' | 'failed' | 'dropped' */
  status: string;
  due_at: string;
  attempts: number;
  lease_until: string | null;
  lease_owner: string | null;
  digest_id: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface MailBounceTable {
  /** Lower-cased e-mail address. */
  address: string;
  reason: string;
  /** 'smtp' | 'dsn' */
  source: string;
  bounced_at: string;
}

export interface FollowupMeetingMemberTable {
  meeting_id: string;
  person_id: string;
}

export interface FollowupMeetingPupilTable {
  meeting_id: string;
  pupil_id: string;
}

export interface FollowupEntryTable {
  id: string;
  school_id: string;
  pupil_id: string;
  compartment: string;
  kind: string;
  occurred_on: string;
  body: string;
  author_id: string | null;
  meeting_id: string | null;
  shared_with_team: Generated<number>;
  created_at: string;
}

export interface FollowupEntryShareTable {
  id: string;
  entry_id: string;
  person_id: string | null;
  shared_by: string | null;
  created_at: string;
}

/** Append-only (a trigger refuses UPDATE and DELETE): every read of a follow-up entry. */
export interface FollowupReadTable {
  id: string;
  school_id: string;
  entry_id: string;
  pupil_id: string;
  compartment: string;
  reader_id: string;
  read_at: string;
}

export interface FollowupActionTable {
  id: string;
  school_id: string;
  meeting_id: string;
  pupil_id: string | null;
  title: string;
  owner_id: string;
  due_on: string;
  done_at: string | null;
  created_by: string | null;
  created_at: string;
}

export interface AppointmentAvailabilityTable {
  id: string;
  school_id: string;
  staff_id: string;
  site_id: string;
  room_id: string | null;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  starts_at: string;
  ends_at: string;
  slot_minutes: number;
  created_at: string;
}

export interface AppointmentSettingTable {
  id: string;
  school_id: string;
  staff_id: string;
  book_ahead_days: number;
  private_reason: number;
  /** 1: a cancelled course's time is offered as appointment slots. */
  offer_cancelled_courses: Generated<number>;
  updated_at: string;
}

export interface AppointmentExceptionTable {
  id: string;
  school_id: string;
  staff_id: string;
  on_date: string;
  label: string;
}

export interface AppointmentTable {
  id: string;
  school_id: string;
  staff_id: string;
  site_id: string;
  room_id: string | null;
  pupil_id: string;
  guardian_id: string;
  booked_by: string | null;
  on_date: string;
  starts_at: string;
  ends_at: string;
  reason: string;
  reason_private: number;
  /** `on_date`T`starts_at` while booked, null once cancelled (unique per staff member). */
  active_slot: string | null;
  status: 'booked' | 'cancelled';
  cancelled_at: string | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
  arrived_at: string | null;
  reminded_at: string | null;
  created_at: string;
}

export interface ReceptionVisitTable {
  id: string;
  school_id: string;
  site_id: string;
  visitor_name: string;
  visiting: string;
  appointment_id: string | null;
  arrived_at: string;
  left_at: string | null;
  recorded_by: string | null;
}

export interface EarlyDepartureTable {
  id: string;
  school_id: string;
  site_id: string;
  pupil_id: string;
  collected_by: string;
  reason: string;
  left_at: string;
  recorded_by: string | null;
}

export interface InfoPageTable {
  id: string;
  school_id: string;
  site_id: string;
  body_html: string;
  updated_at: string;
  updated_by: string | null;
}

export interface ResourceTable {
  id: string;
  school_id: string;
  site_id: string;
  room_id: string | null;
  kind: 'room' | 'equipment' | 'vehicle';
  label: string;
  needs_validation: number;
  active: number;
  lock_version: Generated<number>;
  created_at: string;
}

export interface ResourceBookingTable {
  id: string;
  school_id: string;
  resource_id: string;
  booked_by: string;
  date: string;
  starts_at: string;
  ends_at: string;
  session_key: string | null;
  series_id: string | null;
  purpose: string;
  status: 'pending' | 'confirmed' | 'refused' | 'cancelled';
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
}

export interface ParentEveningTable {
  id: string;
  school_id: string;
  title: string;
  date: string;
  starts_at: string;
  ends_at: string;
  slot_minutes: number;
  status: 'open' | 'closed' | 'scheduled';
  stats: string | null;
  created_by: string | null;
  created_at: string;
  scheduled_at: string | null;
  /** Families choose from this date (YYYY-MM-DD, Paris) to `requests_until`, both included; null = no bound. */
  requests_from: string | null;
  requests_until: string | null;
}

export interface ParentEveningClassTable {
  evening_id: string;
  class_id: string;
}

export interface ParentEveningTeacherTable {
  evening_id: string;
  teacher_id: string;
  site_id: string;
  room_id: string | null;
  starts_at: string;
  ends_at: string;
  breaks: string;
}

export interface ParentEveningFamilyTable {
  evening_id: string;
  guardian_id: string;
  arrives_at: string | null;
  leaves_by: string | null;
  updated_at: string;
}

export interface ParentEveningRequestTable {
  id: string;
  evening_id: string;
  guardian_id: string;
  pupil_id: string;
  teacher_id: string;
  priority: number;
  starts_at: string | null;
  ends_at: string | null;
  created_at: string;
}

export interface DB {
  schools: SchoolTable;
  sites: SiteTable;
  school_years: SchoolYearTable;
  periods: PeriodTable;
  subjects: SubjectTable;
  classes: ClassTable;
  groups: GroupTable;
  class_memberships: ClassMembershipTable;
  group_memberships: GroupMembershipTable;
  people: PersonTable;
  audit_events: AuditEventTable;
  usage_visits: UsageVisitTable;
  usage_services: UsageServiceTable;
  profiles: ProfileTable;
  staff_functions: StaffFunctionTable;
  guardianships: GuardianshipTable;
  teaching_assignments: TeachingAssignmentTable;
  class_principals: ClassPrincipalTable;
  sessions: SessionTable;
  mfa_totp: MfaTotpTable;
  mfa_recovery_codes: MfaRecoveryCodeTable;
  mfa_challenges: MfaChallengeTable;
  auth_throttle: AuthThrottleTable;
  auth_trust: AuthTrustTable;
  notifications: NotificationTable;
  school_calendar_entries: SchoolCalendarEntryTable;
  time_slots: TimeSlotTable;
  rooms: RoomTable;
  travel_times: TravelTimeTable;
  courses: CourseTable;
  course_groups: CourseGroupTable;
  course_teachers: CourseTeacherTable;
  session_changes: SessionChangeTable;
  extra_sessions: ExtraSessionTable;
  ical_feeds: IcalFeedTable;
  ical_event_states: IcalEventStateTable;
  deployment_settings: DeploymentSettingTable;
  oidc_payloads: OidcPayloadTable;
  cas_tickets: CasTicketTable;
  school_settings: SchoolSettingTable;
  session_contents: SessionContentTable;
  homework: HomeworkTable;
  homework_done: HomeworkDoneTable;
  homework_attachments: HomeworkAttachmentTable;
  hand_ins: HandInTable;
  hand_in_files: HandInFileTable;
  document_spaces: DocumentSpaceTable;
  document_folders: DocumentFolderTable;
  documents: DocumentTable;
  document_versions: DocumentVersionTable;
  absence_reasons: AbsenceReasonTable;
  attendance_documents: AttendanceDocumentTable;
  roll_calls: RollCallTable;
  attendance_events: AttendanceEventTable;
  exemptions: ExemptionTable;
  justifications: JustificationTable;
  justification_events: JustificationEventTable;
  assessments: AssessmentTable;
  grades: GradeTable;
  assessment_skills: AssessmentSkillTable;
  skill_results: SkillResultTable;
  appreciations: AppreciationTable;
  council_decisions: CouncilDecisionTable;
  report_cards: ReportCardTable;
  report_card_reads: ReportCardReadTable;
  staff_function_grants: StaffFunctionGrantTable;
  messages: MessageTable;
  message_copies: MessageCopyTable;
  message_reports: MessageReportTable;
  messaging_blocks: MessagingBlockTable;
  messaging_audit: MessagingAuditTable;
  news: NewsTable;
  news_attachments: NewsAttachmentTable;
  news_reads: NewsReadTable;
  questionnaires: QuestionnaireTable;
  questionnaire_marks: QuestionnaireMarkTable;
  questionnaire_anonymous_answers: QuestionnaireAnonymousAnswerTable;
  questionnaire_named_answers: QuestionnaireNamedAnswerTable;
  mail_preferences: MailPreferenceTable;
  mail_settings: MailSettingTable;
  mail_queue: MailQueueTable;
  mail_bounces: MailBounceTable;
  incidents: IncidentTable;
  incident_pupils: IncidentPupilTable;
  punishments: PunishmentTable;
  disciplinary_procedures: DisciplinaryProcedureTable;
  support_plans: SupportPlanTable;
  message_attachments: MessageAttachmentTable;
  messaging_freezes: MessagingFreezeTable;
  followup_meetings: FollowupMeetingTable;
  followup_meeting_members: FollowupMeetingMemberTable;
  followup_meeting_pupils: FollowupMeetingPupilTable;
  followup_entries: FollowupEntryTable;
  followup_entry_shares: FollowupEntryShareTable;
  followup_reads: FollowupReadTable;
  followup_actions: FollowupActionTable;
  appointment_availabilities: AppointmentAvailabilityTable;
  appointment_settings: AppointmentSettingTable;
  appointment_exceptions: AppointmentExceptionTable;
  appointments: AppointmentTable;
  reception_visits: ReceptionVisitTable;
  early_departures: EarlyDepartureTable;
  info_pages: InfoPageTable;
  resources: ResourceTable;
  resource_bookings: ResourceBookingTable;
  parent_evenings: ParentEveningTable;
  parent_evening_classes: ParentEveningClassTable;
  parent_evening_teachers: ParentEveningTeacherTable;
  parent_evening_families: ParentEveningFamilyTable;
  parent_evening_requests: ParentEveningRequestTable;
  person_external_ids: PersonExternalIdTable;
}

export interface IncidentTable {
  id: string;
  school_id: string;
  author_id: string | null;
  occurred_at: string;
  place: string;
  description: string;
  witnesses: string;
  created_at: string;
}

export interface IncidentPupilTable {
  incident_id: string;
  pupil_id: string;
  role: 'author' | 'victim' | 'witness' | 'involved';
}

export interface PunishmentTable {
  id: string;
  school_id: string;
  pupil_id: string;
  kind: 'retenue' | 'devoir_supplementaire' | 'excuse_orale' | 'excuse_ecrite' | 'observation';
  reason: string;
  incident_id: string | null;
  given_by: string | null;
  given_on: string;
  detention_date: string | null;
  detention_starts_at: string | null;
  detention_ends_at: string | null;
  detention_room: string | null;
  detention_status: 'present' | 'absent' | null;
  detention_checked_by: string | null;
  detention_checked_at: string | null;
  created_at: string;
}

export interface DisciplinaryProcedureTable {
  id: string;
  school_id: string;
  pupil_id: string;
  incident_id: string | null;
  facts: string;
  opened_by: string | null;
  opened_at: string;
  defence_days: number;
  defence_ends_at: string;
  status: 'open' | 'pronounced' | 'closed';
  sanction:
    | 'avertissement'
    | 'blame'
    | 'mesure_responsabilisation'
    | 'exclusion_classe'
    | 'exclusion_etablissement'
    | null;
  sursis: number;
  duration: number | null;
  decision_reasons: string | null;
  pronounced_by: string | null;
  pronounced_at: string | null;
  removal_due_on: string | null;
  removed_at: string | null;
  closed_at: string | null;
}

export interface SupportPlanTable {
  id: string;
  school_id: string;
  pupil_id: string;
  kind: 'pap' | 'pps' | 'pai' | 'ppre';
  starts_on: string;
  ends_on: string | null;
  accommodations: string;
  other_accommodation: string;
  details: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** Added by 20261205100000: ids other software (SIECLE, STS-Web) gives a person in a school. */
export interface PersonExternalIdTable {
  id: string;
  school_id: string;
  source: 'siecle' | 'sts';
  kind: 'ine' | 'eleve' | 'personne' | 'individu';
  external_id: string;
  person_id: string;
  created_at: string;
}

export type Db = Kysely<DB>;
/** A database handle or an open transaction: repos accept either. */
export type Executor = Kysely<DB> | Transaction<DB>;
