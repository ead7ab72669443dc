import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type {
  CahierSession,
  Done,
  FamilyDay,
  HomeworkCreateBody,
  HomeworkWithWorkload,
  IcalFeed,
  MissingList,
  PupilHomeworkList,
  RollCall,
  RollCallBody,
  Session,
  SessionContentInput,
  TeacherWeek,
  Week,
  Workload,
} from './types.ts';

const enc = encodeURIComponent;

export type WeekOwner = { kind: 'pupils' | 'classes' | 'teachers'; id: string };

export function useWeek(owner: WeekOwner | null, date: string) {
  return useQuery({
    queryKey: ['timetable', owner?.kind, owner?.id, date],
    queryFn: () =>
      api<Week | TeacherWeek>('GET', `/api/timetable/${owner?.kind}/${enc(owner?.id ?? '')}/week`, undefined, {
        query: { date },
      }),
    enabled: owner !== null,
  });
}

export function useFamilyDay(date: string) {
  return useQuery({
    queryKey: ['timetable', 'family', date],
    queryFn: () => api<FamilyDay>('GET', '/api/timetable/family/day', undefined, { query: { date } }),
  });
}

export function useCancelSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ key, reason }: { key: string; reason: string }) =>
      api<Session>('POST', `/api/timetable/sessions/${enc(key)}/cancel`, { reason }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['timetable'] }),
  });
}

export const createIcalFeed = () => api<IcalFeed>('POST', '/api/timetable/ical-feed');
export const revokeIcalFeed = () => api('DELETE', '/api/timetable/ical-feed');

// ------------------------------------------------------------------------------------ cahier de textes

export function usePupilHomework(pupilId: string, from: string, to: string) {
  return useQuery({
    queryKey: ['homework', 'pupil', pupilId, from, to],
    queryFn: () =>
      api<PupilHomeworkList>('GET', `/api/homework/pupils/${enc(pupilId)}`, undefined, { query: { from, to } }),
  });
}

export function useTickHomework() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, done }: { id: string; done: boolean }) =>
      api<Done>(done ? 'POST' : 'DELETE', `/api/homework/${enc(id)}/done`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['homework', 'pupil'] }),
  });
}

const cahierKey = (courseId: string, date: string) => ['cahier', courseId, date] as const;

export function useCahierSession(courseId: string, date: string) {
  return useQuery({
    queryKey: cahierKey(courseId, date),
    queryFn: () => api<CahierSession>('GET', `/api/cahier/sessions/${enc(courseId)}/${enc(date)}`),
  });
}

export function useSaveContent(courseId: string, date: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SessionContentInput) =>
      api<CahierSession>('PUT', `/api/cahier/sessions/${enc(courseId)}/${enc(date)}`, body),
    onSuccess: (data) => qc.setQueryData(cahierKey(courseId, date), data),
  });
}

export function useCreateHomework(courseId: string, date: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: HomeworkCreateBody) => api<HomeworkWithWorkload>('POST', '/api/homework', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: cahierKey(courseId, date) }),
  });
}

export function useWorkload(q: { classId?: string; groupId?: string; dueDate: string; minutes: number } | null) {
  return useQuery({
    queryKey: ['workload', q],
    queryFn: () =>
      api<Workload>('GET', '/api/homework/workload', undefined, {
        query: { classId: q?.classId, groupId: q?.groupId, dueDate: q?.dueDate, minutes: q?.minutes },
      }),
    enabled: q !== null,
    staleTime: 5_000,
    placeholderData: (previous) => previous,
  });
}

// ------------------------------------------------------------------------------------------ roll call

const rollCallKey = (courseId: string, date: string) => ['roll-call', courseId, date] as const;

export function useRollCall(courseId: string, date: string) {
  return useQuery({
    queryKey: rollCallKey(courseId, date),
    queryFn: () => api<RollCall>('GET', `/api/attendance/sessions/${enc(courseId)}/${enc(date)}`),
  });
}

export function useSaveRollCall(courseId: string, date: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RollCallBody) =>
      api<RollCall>('PUT', `/api/attendance/sessions/${enc(courseId)}/${enc(date)}`, body),
    onSuccess: (data) => {
      qc.setQueryData(rollCallKey(courseId, date), data);
      void qc.invalidateQueries({ queryKey: ['missing'] });
    },
  });
}

/** Vie scolaire watches this list during the day: refreshed every 30 s while the page is in view. */
export function useMissingRollCalls(schoolId: string, date: string) {
  return useQuery({
    queryKey: ['missing', schoolId, date],
    queryFn: () =>
      api<MissingList>('GET', `/api/schools/${enc(schoolId)}/attendance/missing`, undefined, { query: { date } }),
    refetchInterval: 30_000,
  });
}

// ------------------------------------------------------------------------------------ direction's edits

export type SessionChangeBody =
  | { kind: 'move'; date: string; startsAt: string; endsAt: string; reason: string }
  | { kind: 'room'; roomId: string; reason: string }
  | { kind: 'replacement'; teacherId: string; reason: string };

/** Moves a session, changes its room or sets a replacement teacher. */
export function useChangeSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ key, change }: { key: string; change: SessionChangeBody }) => {
      const { kind, ...body } = change;
      return api<Session>('POST', `/api/timetable/sessions/${enc(key)}/${kind}`, body);
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['timetable'] }),
  });
}

/** Undoes every change of a session (a cancellation too): the session is back as planned. */
export function useRestoreSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (key: string) => api<Session>('DELETE', `/api/timetable/sessions/${enc(key)}/changes`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['timetable'] }),
  });
}

export interface SchoolRooms {
  rooms: Array<{ id: string; code: string; label: string; siteId: string }>;
}

export function useSchoolRooms(schoolId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['timetable-settings', schoolId],
    queryFn: () => api<SchoolRooms>('GET', `/api/schools/${enc(schoolId)}/timetable/settings`),
    enabled,
  });
}
