import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type {
  DecisionBody,
  Justification,
  JustificationBody,
  JustificationList,
  JustificationStatus,
  MissingList,
  PupilRecord,
  ReasonList,
} from './types.ts';

const enc = encodeURIComponent;
const recordKey = (pupilId: string) => ['attendance', 'pupil', pupilId] as const;

/** A pupil's absences, lateness and justifications over the school year. */
export function usePupilRecord(pupilId: string) {
  return useQuery({
    queryKey: recordKey(pupilId),
    queryFn: () => api<PupilRecord>('GET', `/api/attendance/pupils/${enc(pupilId)}`),
  });
}

/** The school's absence reasons (motifs), archived ones left out. */
export function useReasons(schoolId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['attendance', 'reasons', schoolId],
    queryFn: () => api<ReasonList>('GET', `/api/schools/${enc(schoolId)}/attendance/reasons`),
    select: (d) => d.items.filter((r) => !r.archived),
    enabled: enabled && schoolId !== '',
    staleTime: 5 * 60_000,
  });
}

export function useSendJustification(pupilId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: JustificationBody) => api<Justification>('POST', '/api/attendance/justifications', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: recordKey(pupilId) }),
  });
}

export function useJustifications(schoolId: string, status: JustificationStatus | '') {
  return useQuery({
    queryKey: ['attendance', 'justifications', schoolId, status],
    queryFn: () =>
      api<JustificationList>('GET', `/api/schools/${enc(schoolId)}/attendance/justifications`, undefined, {
        query: { status },
      }),
    enabled: schoolId !== '',
  });
}

export function useDecide() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: DecisionBody }) =>
      api<Justification>('POST', `/api/attendance/justifications/${enc(id)}/decision`, body),
    // A conflict means someone else decided first: the list is reloaded either way.
    // Not awaited: the row must still be there when the caller's onSuccess runs.
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['attendance', 'justifications'] });
    },
  });
}

export const documentUrl = (documentId: string) => `/api/attendance/documents/${enc(documentId)}`;

/** The sessions of a day started without a roll call; refreshed every 30 s while the page is visible. */
export function useMissing(schoolId: string, date: string) {
  return useQuery({
    queryKey: ['attendance', 'missing', schoolId, date],
    queryFn: () =>
      api<MissingList>('GET', `/api/schools/${enc(schoolId)}/attendance/missing`, undefined, { query: { date } }),
    enabled: schoolId !== '',
    refetchInterval: 30_000,
    refetchIntervalInBackground: false,
  });
}
