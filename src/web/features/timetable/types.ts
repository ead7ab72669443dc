// Types from the server's Zod schemas, as types only: no server code in the bundle.
import type { z } from 'zod';
import type {
  MissingListSchema,
  RollCallInputSchema,
  RollCallSchema,
} from '../../../server/modules/attendance/attendance.schema.ts';
import type {
  CahierSessionSchema,
  DoneSchema,
  HomeworkCreateSchema,
  HomeworkWithWorkloadSchema,
  PupilHomeworkListSchema,
  SessionContentInputSchema,
  WorkloadSchema,
} from '../../../server/modules/homework/homework.schema.ts';
import type {
  FamilyDaySchema,
  IcalFeedSchema,
  SessionSchema,
  TeacherWeekSchema,
  WeekSchema,
} from '../../../server/modules/timetable/timetable.schema.ts';

export type Session = z.infer<typeof SessionSchema>;
export type Week = z.infer<typeof WeekSchema>;
export type TeacherWeek = z.infer<typeof TeacherWeekSchema>;
export type FamilyDay = z.infer<typeof FamilyDaySchema>;
export type IcalFeed = z.infer<typeof IcalFeedSchema>;
export type CahierSession = z.infer<typeof CahierSessionSchema>;
export type SessionContentInput = z.input<typeof SessionContentInputSchema>;
export type HomeworkCreateBody = z.input<typeof HomeworkCreateSchema>;
export type HomeworkWithWorkload = z.infer<typeof HomeworkWithWorkloadSchema>;
export type PupilHomeworkList = z.infer<typeof PupilHomeworkListSchema>;
export type PupilHomework = PupilHomeworkList['items'][number];
export type Done = z.infer<typeof DoneSchema>;
export type Workload = z.infer<typeof WorkloadSchema>;
export type RollCall = z.infer<typeof RollCallSchema>;
export type RollCallPupil = RollCall['pupils'][number];
export type RollCallBody = z.input<typeof RollCallInputSchema>;
export type MissingList = z.infer<typeof MissingListSchema>;
