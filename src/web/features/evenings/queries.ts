import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { type ApiAnswer, type ApiBody, call } from '../../api/contract.ts';

const enc = encodeURIComponent;
type Person = { id: string; firstName: string; lastName: string };
export interface Meeting {
  startsAt: string;
  endsAt: string;
  teacher: Person;
  pupil: Person;
  site: { id: string; name: string };
  room: string | null;
  guardian?: Person;
}
export interface EveningSummary {
  id: string;
  title: string;
  date: string;
  startsAt: string;
  endsAt: string;
  slotMinutes: number;
  status: 'open' | 'closed' | 'scheduled';
  requestsFrom: string | null;
  requestsUntil: string | null;
  classes: Array<{ id: string; code: string }>;
}
export interface EveningDetail extends EveningSummary {
  direction: {
    teachers: Array<{
      teacher: Person;
      site: { id: string; name: string };
      room: string | null;
      roomId: string | null;
      startsAt: string;
      endsAt: string;
      breaks: Array<{ startsAt: string; endsAt: string }>;
      requests: number;
    }>;
    families: number;
    requests: number;
    stats: {
      requested: number;
      met: number;
      priorityRequested: number;
      priorityMet: number;
      waitingMinutes: number;
    } | null;
  } | null;
  teacher: { site: { name: string }; room: string | null; meetings: Meeting[] } | null;
  guardian: {
    children: Array<{ pupil: Person; teachers: Array<Person & { site: { name: string } }> }>;
    arrivesAt: string | null;
    leavesBy: string | null;
    requests: Array<{ pupilId: string; teacherId: string; priority: boolean }>;
    schedule: Meeting[];
  } | null;
}

export const useEvenings = (schoolId: string) =>
  useQuery({
    queryKey: ['evenings', schoolId],
    queryFn: () =>
      api<{ items: EveningSummary[]; canCreate: boolean }>('GET', `/api/schools/${enc(schoolId)}/evenings`),
    enabled: schoolId !== '',
  });

export const useEvening = (id: string) =>
  useQuery({ queryKey: ['evening', id], queryFn: () => api<EveningDetail>('GET', `/api/evenings/${enc(id)}`) });

export function useSaveRequests(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      arrivesAt: string | null;
      leavesBy: string | null;
      requests: Array<{ pupilId: string; teacherId: string; priority: boolean }>;
    }) => api<EveningDetail>('PUT', `/api/evenings/${enc(id)}/requests`, body),
    onSuccess: (d) => qc.setQueryData(['evening', id], d),
  });
}

export function useRunScheduler(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ met: number; requested: number }>('POST', `/api/evenings/${enc(id)}/schedule`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['evening', id] }),
  });
}

export type EveningOptions = ApiAnswer<'/api/schools/{schoolId}/evenings/options', 'get'>;
export type EveningIn = ApiBody<'/api/schools/{schoolId}/evenings', 'post'>;
export type EveningLists = ApiAnswer<'/api/evenings/{eveningId}/lists', 'get'>;

/** Direction: this year's classes, the teachers, sites and rooms to open an evening with. */
export const useEveningOptions = (schoolId: string) =>
  useQuery({
    queryKey: ['evenings', schoolId, 'options'],
    queryFn: () => call('get', '/api/schools/{schoolId}/evenings/options', { params: { schoolId } }),
    enabled: schoolId !== '',
  });

export function useCreateEvening(schoolId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: EveningIn) => call('post', '/api/schools/{schoolId}/evenings', { params: { schoolId }, body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['evenings', schoolId] }),
  });
}

/** Direction closes the families' choices, or opens them again. */
export function useSetRequestsOpen(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (open: boolean) =>
      call('post', open ? '/api/evenings/{eveningId}/reopen' : '/api/evenings/{eveningId}/close', {
        params: { eveningId: id },
      }),
    onSuccess: (d) => {
      qc.setQueryData(['evening', id], d);
      void qc.invalidateQueries({ queryKey: ['evenings'] });
    },
  });
}

export const useEveningLists = (id: string) =>
  useQuery({
    queryKey: ['evening', id, 'lists'],
    queryFn: () => call('get', '/api/evenings/{eveningId}/lists', { params: { eveningId: id } }),
  });

/** The lists as a PDF: `which` is the lists page's choice ('teachers', 'families', 't:<id>', 'f:<id>'). */
export function listsPdfUrl(id: string, which: string): string {
  const [kind, personId] = which.startsWith('t:')
    ? ['teachers', which.slice(2)]
    : which.startsWith('f:')
      ? ['families', which.slice(2)]
      : [which === 'families' ? 'families' : 'teachers', ''];
  return `/api/evenings/${enc(id)}/lists/pdf?kind=${kind}${personId ? `&personId=${enc(personId)}` : ''}`;
}

export type EveningPatch = ApiBody<'/api/evenings/{eveningId}', 'patch'>;

/** Direction changes an opened evening. */
export function useUpdateEvening(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: EveningPatch) => call('patch', '/api/evenings/{eveningId}', { params: { eveningId: id }, body }),
    onSuccess: (d) => {
      qc.setQueryData(['evening', id], d);
      void qc.invalidateQueries({ queryKey: ['evenings'] });
    },
  });
}

/** Direction deletes an evening (the families are told by the server). */
export function useDeleteEvening(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call('delete', '/api/evenings/{eveningId}', { params: { eveningId: id } }),
    onSuccess: () => {
      qc.removeQueries({ queryKey: ['evening', id] });
      void qc.invalidateQueries({ queryKey: ['evenings'] });
    },
  });
}

export type EveningTeachersIn = ApiBody<'/api/evenings/{eveningId}/teachers', 'put'>;

/** Direction changes who takes part in the evening and each teacher's place, hours and breaks. */
export function useSetEveningTeachers(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: EveningTeachersIn) =>
      call('put', '/api/evenings/{eveningId}/teachers', { params: { eveningId: id }, body }),
    onSuccess: (d) => qc.setQueryData(['evening', id], d),
  });
}
