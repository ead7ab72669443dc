import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  QuestionnaireCreateSchema,
  QuestionnaireListSchema,
  QuestionnaireSchema,
  QuestionnaireUpdateSchema,
  ReminderSchema,
  ResultsSchema,
  TemplateListSchema,
} from '../../../server/modules/questionnaires/questionnaires.schema.ts';
import { api } from '../../api/client.ts';
import type { AudienceOptions } from '../news/audience-picker.tsx';

export type Questionnaire = z.infer<typeof QuestionnaireSchema>;
export type QuestionnaireList = z.infer<typeof QuestionnaireListSchema>;
export type QuestionnaireInput = z.input<typeof QuestionnaireCreateSchema>;
export type QuestionnaireUpdate = z.input<typeof QuestionnaireUpdateSchema>;
export type Reminder = z.infer<typeof ReminderSchema>;
export type Template = z.infer<typeof TemplateListSchema>['items'][number];
export type Results = z.infer<typeof ResultsSchema>;
export type AnswerValue = string | string[] | number;

const key = ['questionnaires'] as const;

export function useMyQuestionnaires(enabled = true) {
  return useQuery({
    queryKey: [...key, 'mine'],
    enabled,
    queryFn: () => api<QuestionnaireList & { toAnswer: number }>('GET', '/api/questionnaires/mine'),
  });
}

export function useSchoolQuestionnaires(schoolId: string | undefined) {
  return useQuery({
    queryKey: [...key, 'school', schoolId],
    enabled: Boolean(schoolId),
    queryFn: () => api<QuestionnaireList>('GET', '/api/questionnaires', undefined, { query: { schoolId } }),
  });
}

export function useTemplates(schoolId: string | undefined) {
  return useQuery({
    queryKey: [...key, 'templates', schoolId],
    enabled: Boolean(schoolId),
    queryFn: () =>
      api<{ items: Template[] }>('GET', '/api/questionnaires/templates', undefined, { query: { schoolId } }),
  });
}

export function useQuestionnaire(id: string) {
  return useQuery({
    queryKey: [...key, 'one', id],
    queryFn: () => api<Questionnaire>('GET', `/api/questionnaires/${id}`),
  });
}

export function useResults(id: string) {
  return useQuery({
    queryKey: [...key, 'results', id],
    queryFn: () => api<Results>('GET', `/api/questionnaires/${id}/results`),
  });
}

function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: key });
}

export function useCreate() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: QuestionnaireInput) => api<Questionnaire>('POST', '/api/questionnaires', input),
    onSuccess: refresh,
  });
}

export function useSetStatus() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (o: { id: string; to: 'publish' | 'close' }) =>
      api<Questionnaire>('POST', `/api/questionnaires/${o.id}/${o.to}`),
    onSuccess: refresh,
  });
}

/** Sites, levels and classes the direction may address a questionnaire to. */
export function useAudienceOptions(schoolId: string | undefined) {
  return useQuery({
    queryKey: [...key, 'options', schoolId],
    enabled: Boolean(schoolId),
    queryFn: () =>
      api<AudienceOptions>('GET', '/api/questionnaires/audience-options', undefined, { query: { schoolId } }),
  });
}

export function useUpdate() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (o: { id: string; input: QuestionnaireUpdate }) =>
      api<Questionnaire>('PATCH', `/api/questionnaires/${o.id}`, o.input),
    onSuccess: refresh,
  });
}

export function useDelete() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (id: string) => api<{ ok: true }>('DELETE', `/api/questionnaires/${id}`),
    onSuccess: refresh,
  });
}

export function useRemind() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (id: string) => api<Reminder>('POST', `/api/questionnaires/${id}/reminders`),
    onSuccess: refresh,
  });
}

export function useAnswer() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (o: { id: string; answers: Record<string, AnswerValue> }) =>
      api<{ ok: true }>('POST', `/api/questionnaires/${o.id}/answers`, { answers: o.answers }),
    onSuccess: refresh,
  });
}

/** Whether a question is shown given the answers so far (the server applies the same rule). */
export function isShown(q: Questionnaire['questions'][number], answers: Record<string, AnswerValue>): boolean {
  if (!q.showIf) return true;
  const v = answers[q.showIf.questionId];
  return v === q.showIf.optionId || (Array.isArray(v) && v.includes(q.showIf.optionId));
}

/**
 * The questions shown, in order, and the answers that count: a hidden question's answer is left out before the
 * questions after it are decided (a chain of conditions), as the server does.
 */
export function visibleQuestions(questions: Questionnaire['questions'], answers: Record<string, AnswerValue>) {
  const kept: Record<string, AnswerValue> = {};
  const shown: Questionnaire['questions'] = [];
  for (const q of questions) {
    if (!isShown(q, kept)) continue;
    shown.push(q);
    const v = answers[q.id];
    if (v !== undefined) kept[q.id] = v;
  }
  return { shown, answers: kept };
}
