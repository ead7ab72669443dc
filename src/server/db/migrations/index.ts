import type { Migration } from 'kysely';
import * as createDirectory from './20261129000100_create_directory.ts';
import * as createNotifications from './20261129000200_create_notifications.ts';
import * as createTimetable from './20261129000300_create_timetable.ts';
import * as createCahierDeTextes from './20261129000400_create_cahier_de_textes.ts';
import * as createHomeworkAttachments from './20261129000410_create_homework_attachments.ts';
import * as createAttendance from './20261129000500_create_attendance.ts';
import * as createGrades from './20261129000600_create_grades.ts';
import * as createStaffFunctionGrants from './20261204000100_create_staff_function_grants.ts';
import * as addGuardianshipSchoolAccess from './20261204000110_add_guardianship_school_access.ts';
import * as createAuthTrust from './20261204000200_create_auth_trust.ts';
import * as createDeploymentSettings from './20261204000300_create_deployment_settings.ts';
import * as addNotificationMessage from './20261204000500_add_notification_message.ts';
import * as createAuditEvents from './20261204000700_create_audit_events.ts';
import * as addPeopleContact from './20261204000710_add_people_contact.ts';
import * as createMessaging from './20261204000800_create_messaging.ts';
import * as createNews from './20261205000100_create_news.ts';
import * as createMail from './20261205000200_create_mail.ts';
import * as addMessagingAttachmentsFreezes from './20261205000300_add_messaging_attachments_freezes.ts';
import * as createFollowup from './20261205000400_create_followup.ts';
import * as createDiscipline from './20261205000500_create_discipline.ts';
import * as createAppointments from './20261205000600_create_appointments.ts';
import * as createResources from './20261205000700_create_resources.ts';
import * as createParentEvenings from './20261205000710_create_parent_evenings.ts';
import * as createUsage from './20261205000900_create_usage.ts';
import * as createHandIns from './20261205001000_create_hand_ins.ts';
import * as addParentEveningRequestWindow from './20261205001010_add_parent_evening_request_window.ts';
import * as addCoursesYearIndex from './20261205001100_add_courses_year_index.ts';
import * as createQuestionnaires from './20261205001200_create_questionnaires.ts';
import * as createMfa from './20261205050000_create_mfa.ts';
import * as createPersonExternalIds from './20261205100000_create_person_external_ids.ts';
import * as createSso from './20261205200000_create_sso.ts';
import * as addHomeworkHandInAssessment from './20261205300000_add_homework_hand_in_assessment.ts';
import * as addAppointmentOfferCancelledCourses from './20261206030000_add_appointment_offer_cancelled_courses.ts';
import * as addQuestionnaireReminders from './20261206040000_add_questionnaire_reminders.ts';
import * as addNewsEditsAndReminders from './20261206050000_add_news_edits_and_reminders.ts';
import * as createDocuments from './20261207010000_create_documents.ts';
import * as addSchoolYearArchived from './20261207020000_add_school_year_archived.ts';
import * as addGradesPupilCoveringIndex from './20261207050000_add_grades_pupil_covering_index.ts';

/** Every migration, in order. Append only. */
export const migrations: Record<string, Migration> = {
  '20261129000100_create_directory': createDirectory,
  '20261129000200_create_notifications': createNotifications,
  '20261129000300_create_timetable': createTimetable,
  '20261129000400_create_cahier_de_textes': createCahierDeTextes,
  '20261129000410_create_homework_attachments': createHomeworkAttachments,
  '20261129000500_create_attendance': createAttendance,
  '20261129000600_create_grades': createGrades,
  '20261204000100_create_staff_function_grants': createStaffFunctionGrants,
  '20261204000110_add_guardianship_school_access': addGuardianshipSchoolAccess,
  '20261204000200_create_auth_trust': createAuthTrust,
  '20261204000300_create_deployment_settings': createDeploymentSettings,
  '20261204000500_add_notification_message': addNotificationMessage,
  '20261204000700_create_audit_events': createAuditEvents,
  '20261204000710_add_people_contact': addPeopleContact,
  '20261204000800_create_messaging': createMessaging,
  '20261205000100_create_news': createNews,
  '20261205000200_create_mail': createMail,
  '20261205000300_add_messaging_attachments_freezes': addMessagingAttachmentsFreezes,
  '20261205000400_create_followup': createFollowup,
  '20261205000500_create_discipline': createDiscipline,
  '20261205000600_create_appointments': createAppointments,
  '20261205000700_create_resources': createResources,
  '20261205000710_create_parent_evenings': createParentEvenings,
  '20261205000900_create_usage': createUsage,
  '20261205001000_create_hand_ins': createHandIns,
  '20261205001010_add_parent_evening_request_window': addParentEveningRequestWindow,
  '20261205001100_add_courses_year_index': addCoursesYearIndex,
  '20261205001200_create_questionnaires': createQuestionnaires,
  '20261205050000_create_mfa': createMfa,
  '20261205100000_create_person_external_ids': createPersonExternalIds,
  '20261205200000_create_sso': createSso,
  '20261205300000_add_homework_hand_in_assessment': addHomeworkHandInAssessment,
  '20261206030000_add_appointment_offer_cancelled_courses': addAppointmentOfferCancelledCourses,
  '20261206040000_add_questionnaire_reminders': addQuestionnaireReminders,
  '20261206050000_add_news_edits_and_reminders': addNewsEditsAndReminders,
  '20261207010000_create_documents': createDocuments,
  '20261207020000_add_school_year_archived': addSchoolYearArchived,
  '20261207050000_add_grades_pupil_covering_index': addGradesPupilCoveringIndex,
};
