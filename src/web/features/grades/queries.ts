import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type {
  AssessmentBody,
  AssessmentDetail,
  AssessmentPatch,
  Gradebook,
  GradebookGrade,
  GradesBody,
  PupilGrades,
  Services,
  SkillsBody,
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

const assessmentKey = (id: string) => ['grades', 'assessment', id];

/** One assessment with its pupils, grades and skill levels (for the skills dialog). */
export function useAssessmentDetail(id: string) {
  return useQuery({
    queryKey: assessmentKey(id),
    queryFn: () => api<AssessmentDetail>('GET', `/api/grades/assessments/${enc(id)}`),
    staleTime: 0,
  });
}

/** Changes an assessment (its author only); a scale below a grade already entered is refused by the server. */
export function usePatchAssessment(k: GradebookKey) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: AssessmentPatch }) =>
      api<AssessmentDetail>('PATCH', `/api/grades/assessments/${enc(id)}`, patch),
    onSuccess: (detail, { id }) => {
      qc.setQueryData(assessmentKey(id), detail);
      return qc.invalidateQueries({ queryKey: gradebookKey(k) });
    },
  });
}

/** Deletes an assessment and its grades (its author only). */
export function useDeleteAssessment(k: GradebookKey) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<{ ok: true }>('DELETE', `/api/grades/assessments/${enc(id)}`),
    onSuccess: (_ok, id) => {
      qc.removeQueries({ queryKey: assessmentKey(id) });
      return qc.invalidateQueries({ queryKey: gradebookKey(k) });
    },
  });
}

/** Saves skill levels of an assessment, all or nothing (level null clears one). */
export function useSaveSkills(k: GradebookKey) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, results }: { id: string; results: SkillsBody['results'] }) =>
      api<AssessmentDetail>('PUT', `/api/grades/assessments/${enc(id)}/skills`, { results }),
    onSuccess: (detail, { id }) => {
      qc.setQueryData(assessmentKey(id), detail);
      return qc.invalidateQueries({ queryKey: gradebookKey(k) });
    },
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
