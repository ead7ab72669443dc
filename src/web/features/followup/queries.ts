import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type {
  Compartment,
  Entry,
  EntryKind,
  FollowupAction,
  MeetingDetail,
  MeetingList,
  PupilFile,
  ReadList,
} from './types.ts';

const enc = encodeURIComponent;
export const fileKey = (schoolId: string, pupilId: string) => ['followup', 'file', schoolId, pupilId] as const;
const pupilBase = (schoolId: string, pupilId: string) => `/api/schools/${enc(schoolId)}/pupils/${enc(pupilId)}`;
const meetingsBase = (schoolId: string) => `/api/schools/${enc(schoolId)}/followup/meetings`;

/** The pupil's file: only the blocks the server opens to the caller. */
export function usePupilFile(schoolId: string, pupilId: string) {
  return useQuery({
    queryKey: fileKey(schoolId, pupilId),
    queryFn: () => api<PupilFile>('GET', `${pupilBase(schoolId, pupilId)}/file`),
    enabled: schoolId !== '',
    // Each read of a confidential entry is logged: no refetch on a timer.
    staleTime: 5 * 60_000,
  });
}

export function useWriteEntry(schoolId: string, pupilId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { compartment: Compartment; kind: EntryKind; occurredOn: string; body: string }) =>
      api<Entry>('POST', `${pupilBase(schoolId, pupilId)}/followup/entries`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: fileKey(schoolId, pupilId) }),
  });
}

export function useShareEntry(schoolId: string, pupilId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { entryId: string; personIds: string[]; team: boolean }) =>
      api<Entry>('POST', `${pupilBase(schoolId, pupilId)}/followup/entries/${enc(v.entryId)}/shares`, {
        personIds: v.personIds,
        team: v.team,
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: fileKey(schoolId, pupilId) }),
  });
}

export function useEntryReads(schoolId: string, pupilId: string, entryId: string | null) {
  return useQuery({
    queryKey: ['followup', 'reads', schoolId, entryId],
    queryFn: () => api<ReadList>('GET', `${pupilBase(schoolId, pupilId)}/followup/entries/${enc(entryId ?? '')}/reads`),
    enabled: entryId !== null,
  });
}

export function useSchoolReads(schoolId: string) {
  return useQuery({
    queryKey: ['followup', 'reads', schoolId],
    queryFn: () => api<ReadList>('GET', `/api/schools/${enc(schoolId)}/followup/reads`),
    enabled: schoolId !== '',
  });
}

export function useMeetings(schoolId: string) {
  return useQuery({
    queryKey: ['followup', 'meetings', schoolId],
    queryFn: () => api<MeetingList>('GET', meetingsBase(schoolId)),
    enabled: schoolId !== '',
  });
}

export function useCreateMeeting(schoolId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { kind: 'gpds' | 'cellule_veille'; heldOn: string; title: string; memberIds: string[] }) =>
      api<{ id: string }>('POST', meetingsBase(schoolId), body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['followup', 'meetings', schoolId] }),
  });
}

const meetingKey = (schoolId: string, id: string) => ['followup', 'meeting', schoolId, id] as const;

export function useMeeting(schoolId: string, id: string) {
  return useQuery({
    queryKey: meetingKey(schoolId, id),
    queryFn: () => api<MeetingDetail>('GET', `${meetingsBase(schoolId)}/${enc(id)}`),
    enabled: schoolId !== '',
    staleTime: 5 * 60_000,
  });
}

export function useAddMinutes(schoolId: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { pupilId: string; body: string }) =>
      api<Entry>('POST', `${meetingsBase(schoolId)}/${enc(id)}/minutes`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: meetingKey(schoolId, id) }),
  });
}

export function useAddAction(schoolId: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { pupilId: string | null; title: string; ownerId: string; dueOn: string }) =>
      api<FollowupAction>('POST', `${meetingsBase(schoolId)}/${enc(id)}/actions`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: meetingKey(schoolId, id) }),
  });
}

export function useActionDone(schoolId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { actionId: string; done: boolean }) =>
      api('PUT', `/api/schools/${enc(schoolId)}/followup/actions/${enc(v.actionId)}/done`, { done: v.done }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['home'] }),
  });
}
