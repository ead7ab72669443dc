import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type {
  AssessmentBody,
  AssessmentDetail,
  Gradebook,
  GradebookGrade,
  GradesBody,
  PupilGrades,
  Services,
} from './types.ts';

const enc = encodeURIComponent;

/** Which grade book: a class or a group, a subject, a period. */
export interface GradebookKey {
  kind: 'class' | 'group';
  targetId: string;
  subjectId: string;
  periodId: string;
}

const gradebookKey = (k: GradebookKey) => ['grades', 'gradebook', k.kind, k.targetId, k.subjectId, k.periodId];

/** The teacher's services (class or group × subject) and the year's periods. */
export function useServices(schoolId: string) {
  return useQuery({
    queryKey: ['grades', 'services', schoolId],
    queryFn: () => api<Services>('GET', `/api/schools/${enc(schoolId)}/grades/services`),
    enabled: schoolId !== '',
    staleTime: 5 * 60_000,
  });
}

export function useGradebook(k: GradebookKey | null) {
  return useQuery({
    queryKey: k ? gradebookKey(k) : ['grades', 'gradebook', 'none'],
    queryFn: () =>
      api<Gradebook>('GET', '/api/grades/gradebook', undefined, {
        query: {
          [k?.kind === 'group' ? 'groupId' : 'classId']: k?.targetId,
          subjectId: k?.subjectId,
          periodId: k?.periodId,
        },
      }),
    enabled: k !== null,
  });
}

export function useCreateAssessment(k: GradebookKey) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AssessmentBody) => api<AssessmentDetail>('POST', '/api/grades/assessments', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: gradebookKey(k) }),
  });
}

/**
 * Saves one cell of the grade book (the PUT is all or nothing; here it carries one line). The saved grade goes
 * into the cached grade book at once; the averages and class figures come back from the server after.
 */
export function useSaveGrade(k: GradebookKey) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ assessmentId, line }: { assessmentId: string; line: GradesBody['grades'][number] }) =>
      api<AssessmentDetail>('PUT', `/api/grades/assessments/${enc(assessmentId)}/grades`, { grades: [line] }),
    onSuccess: (detail, { assessmentId, line }) => {
      qc.setQueryData<Gradebook>(gradebookKey(k), (book) => {
        if (!book) return book;
        const saved = detail.grades.find((g) => g.pupilId === line.pupilId);
        const others = book.grades.filter((g) => !(g.assessmentId === assessmentId && g.pupilId === line.pupilId));
        const grades: GradebookGrade[] = saved ? [...others, { ...saved, assessmentId }] : others;
        return { ...book, grades };
      });
      void qc.invalidateQueries({ queryKey: gradebookKey(k) });
    },
  });
}

/** A pupil's grades as the caller may see them (pupils and guardians: published ones only). */
export function usePupilGrades(pupilId: string, periodId: string | null) {
  return useQuery({
    queryKey: ['grades', 'pupil', pupilId, periodId ?? 'current'],
    queryFn: () =>
      api<PupilGrades>('GET', `/api/grades/pupils/${enc(pupilId)}`, undefined, { query: { periodId: periodId ?? '' } }),
  });
}
