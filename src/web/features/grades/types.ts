// Types from the server's Zod schemas, as types only: no server code in the bundle.
import type { z } from 'zod';
import type {
  ASSESSMENT_KINDS,
  AssessmentDetailSchema,
  AssessmentInputSchema,
  AssessmentPatchSchema,
  GradebookSchema,
  GradesInputSchema,
  PupilGradesSchema,
  ServicesSchema,
  SkillResultsInputSchema,
} from '../../../server/modules/grades/grades.schema.ts';

export type Services = z.infer<typeof ServicesSchema>;
export type Service = Services['services'][number];
export type GradePeriod = Services['periods'][number];
export type Gradebook = z.infer<typeof GradebookSchema>;
export type GradebookAssessment = Gradebook['assessments'][number];
export type GradebookGrade = Gradebook['grades'][number];
export type AssessmentDetail = z.infer<typeof AssessmentDetailSchema>;
export type AssessmentBody = z.input<typeof AssessmentInputSchema>;
export type AssessmentPatch = z.input<typeof AssessmentPatchSchema>;
export type SkillsBody = z.input<typeof SkillResultsInputSchema>;
export type SkillCode = SkillsBody['results'][number]['component'];
export type GradesBody = z.input<typeof GradesInputSchema>;
export type PupilGrades = z.infer<typeof PupilGradesSchema>;
export type SubjectGrades = PupilGrades['subjects'][number];
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];
export type GradeCode = 'ABS' | 'DISP' | 'NN' | 'NR';
