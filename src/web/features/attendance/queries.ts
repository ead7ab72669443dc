import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type {
  AttendanceEvent,
  DecisionBody,
  EventBody,
  Exemption,
  ExemptionBody,
  Justification,
  JustificationBody,
  JustificationList,
  JustificationStatus,
  MissingList,
  PupilRecord,
  ReasonList,
  ToReport,
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

/** Vie scolaire records an absence (a family's phone call) or a lateness, outside any roll call. */
export function useCreateEvent(pupilId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: EventBody) => api<AttendanceEvent>('POST', '/api/attendance/events', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: recordKey(pupilId) }),
  });
}

/** A dispense (exemption) from a subject or from every lesson, over dates. */
export function useCreateExemption(pupilId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ExemptionBody) => api<Exemption>('POST', '/api/attendance/exemptions', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: recordKey(pupilId) }),
  });
}

/** Pupils with too many unjustified half-days in a month ("à signaler"). */
export function useToReport(schoolId: string, month: string) {
  return useQuery({
    queryKey: ['attendance', 'to-report', schoolId, month],
    queryFn: () =>
      api<ToReport>('GET', `/api/schools/${enc(schoolId)}/attendance/to-report`, undefined, { query: { month } }),
    enabled: schoolId !== '',
  });
}

/** Reminds the teachers of sessions without a roll call (a notification each). */
export function useRemind(schoolId: string) {
  return useMutation({
    mutationFn: (sessionKeys: string[]) =>
      api<{ notified: number }>('POST', `/api/schools/${enc(schoolId)}/attendance/missing/remind`, { sessionKeys }),
  });
}

/** The CSV export of the school's events between two dates (a download: the browser sends the session cookie). */
export const exportCsvUrl = (schoolId: string, from: string, to: string) =>
  `/api/schools/${enc(schoolId)}/attendance/export.csv?${new URLSearchParams({ from, to }).toString()}`;
