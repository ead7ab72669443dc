import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { HandIn, HandInList, MyHandIn } from './types.ts';

const enc = encodeURIComponent;

/** A pupil's hand-in for one homework: their own (no pupilId) or a child's (guardians). */
export function useMyHandIn(homeworkId: string, pupilId?: string) {
  return useQuery({
    queryKey: ['hand-in', homeworkId, pupilId ?? 'me'],
    queryFn: () =>
      api<MyHandIn>('GET', `/api/homework/${enc(homeworkId)}/hand-in`, undefined, {
        query: pupilId ? { pupilId } : {},
      }),
  });
}

/** Hands in (or replaces) the pupil's work: every chosen file in one form. */
export function useSubmitHandIn(homeworkId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (files: readonly File[]) => {
      const form = new FormData();
      for (const f of files) form.append('files', f, f.name);
      return api<MyHandIn>('PUT', `/api/homework/${enc(homeworkId)}/hand-in`, form);
    },
    onSuccess: (data) => qc.setQueryData(['hand-in', homeworkId, 'me'], data),
  });
}

export function useHandIns(homeworkId: string) {
  return useQuery({
    queryKey: ['hand-ins', homeworkId],
    queryFn: () => api<HandInList>('GET', `/api/homework/${enc(homeworkId)}/hand-ins`),
  });
}

export function useReturnHandIn(homeworkId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { handInId: string; comment: string; mark: number | null; markOutOf: number | null }) =>
      api<HandIn>('POST', `/api/homework/${enc(homeworkId)}/hand-ins/${enc(v.handInId)}/return`, {
        comment: v.comment,
        mark: v.mark,
        markOutOf: v.markOutOf,
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['hand-ins', homeworkId] }),
  });
}

export const fileUrl = (homeworkId: string, handInId: string, fileId: string) =>
  `/api/homework/${enc(homeworkId)}/hand-ins/${enc(handInId)}/files/${enc(fileId)}`;

/** Every handed-in file of the homework as one zip (the homework's teachers). */
export const archiveUrl = (homeworkId: string) => `/api/homework/${enc(homeworkId)}/hand-ins/archive`;
