// Types from the server's Zod schemas, as types only: no server code in the bundle.
import type { z } from 'zod';
import type {
  DecisionInputSchema,
  EventInputSchema,
  EventSchema,
  ExemptionInputSchema,
  ExemptionSchema,
  JustificationInputSchema,
  JustificationListSchema,
  MissingListSchema,
  PupilRecordSchema,
  ReasonListSchema,
  ToReportSchema,
} from '../../../server/modules/attendance/attendance.schema.ts';

export type PupilRecord = z.infer<typeof PupilRecordSchema>;
export type RecordEvent = NonNullable<PupilRecord['events']>[number];
export type JustificationList = z.infer<typeof JustificationListSchema>;
export type Justification = JustificationList['items'][number];
export type JustificationBody = z.input<typeof JustificationInputSchema>;
export type DocumentBody = NonNullable<JustificationBody['document']>;
export type DecisionBody = z.input<typeof DecisionInputSchema>;
export type ReasonList = z.infer<typeof ReasonListSchema>;
export type MissingList = z.infer<typeof MissingListSchema>;
export type JustificationStatus = Justification['status'];
export type Half = 'am' | 'pm';
export type EventBody = z.input<typeof EventInputSchema>;
export type AttendanceEvent = z.infer<typeof EventSchema>;
export type ExemptionBody = z.input<typeof ExemptionInputSchema>;
export type Exemption = z.infer<typeof ExemptionSchema>;
export type ToReport = z.infer<typeof ToReportSchema>;
