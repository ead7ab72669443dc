import type { SchoolSettingDef } from '../../lib/school-settings.ts';
import { type ReceptionSettings, ReceptionSettingsSchema } from './appointments.schema.ts';

/** The school's reception settings (school_settings 'reception'). */
export const RECEPTION_SETTING: SchoolSettingDef<ReceptionSettings> = {
  name: 'reception',
  schema: ReceptionSettingsSchema,
  defaults: { visitorLogRetentionDays: 90, infoPublic: false, hidePrivateReasonFromOtherGuardian: true },
};
