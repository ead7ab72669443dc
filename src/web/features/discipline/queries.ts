import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type {
  AccommodationList,
  Incident,
  IncidentBody,
  IncidentList,
  NameablePupil,
  PlanBody,
  PlanList,
  PlanUpdateBody,
  Procedure,
  ProcedureBody,
  ProcedureList,
  PronounceBody,
  Punishment,
  PunishmentBody,
  PunishmentList,
  PupilDiscipline,
} from './types.ts';

const enc = encodeURIComponent;
const base = (schoolId: string) => `/api/schools/${enc(schoolId)}`;

export const letterUrl = (schoolId: string, procedureId: string, which: 'opening' | 'sanction') =>
  `${base(schoolId)}/procedures/${enc(procedureId)}/${which}-letter.pdf`;

export function useNameablePupils(schoolId: string, enabled = true) {
  return useQuery({
    queryKey: ['discipline', 'pupils', schoolId],
    queryFn: () => api<{ items: NameablePupil[] }>('GET', `${base(schoolId)}/discipline/pupils`),
    select: (d) => d.items,
    enabled: enabled && schoolId !== '',
    staleTime: 5 * 60_000,
  });
}

export function useIncidents(schoolId: string) {
  return useQuery({
    queryKey: ['discipline', 'incidents', schoolId],
    queryFn: () => api<IncidentList>('GET', `${base(schoolId)}/incidents`),
    enabled: schoolId !== '',
  });
}

export function useCreateIncident(schoolId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: IncidentBody) => api<Incident>('POST', `${base(schoolId)}/incidents`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['discipline'] }),
  });
}

export function usePunishments(schoolId: string) {
  return useQuery({
    queryKey: ['discipline', 'punishments', schoolId],
    queryFn: () => api<PunishmentList>('GET', `${base(schoolId)}/punishments`),
    enabled: schoolId !== '',
  });
}

export function useCreatePunishment(schoolId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PunishmentBody) => api<Punishment>('POST', `${base(schoolId)}/punishments`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['discipline'] }),
  });
}

export function useDetentions(schoolId: string, date: string, enabled: boolean) {
  return useQuery({
    queryKey: ['discipline', 'detentions', schoolId, date],
    queryFn: () => api<PunishmentList>('GET', `${base(schoolId)}/detentions`, undefined, { query: { date } }),
    enabled: enabled && schoolId !== '',
  });
}

export function useCheckDetention(schoolId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; status: 'present' | 'absent' }) =>
      api<Punishment>('PUT', `${base(schoolId)}/detentions/${enc(v.id)}/attendance`, { status: v.status }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['discipline'] }),
  });
}

export function useProcedures(schoolId: string) {
  return useQuery({
    queryKey: ['discipline', 'procedures', schoolId],
    queryFn: () => api<ProcedureList>('GET', `${base(schoolId)}/procedures`),
    enabled: schoolId !== '',
  });
}

export function useOpenProcedure(schoolId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ProcedureBody) => api<Procedure>('POST', `${base(schoolId)}/procedures`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['discipline'] }),
  });
}

export function usePronounce(schoolId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; body: PronounceBody }) =>
      api<Procedure>('POST', `${base(schoolId)}/procedures/${enc(v.id)}/pronounce`, v.body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['discipline'] }),
  });
}

export function useCloseProcedure(schoolId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<Procedure>('POST', `${base(schoolId)}/procedures/${enc(id)}/close`, {}),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['discipline'] }),
  });
}

export function usePupilDiscipline(schoolId: string, pupilId: string) {
  return useQuery({
    queryKey: ['discipline', 'pupil', schoolId, pupilId],
    queryFn: () => api<PupilDiscipline>('GET', `${base(schoolId)}/pupils/${enc(pupilId)}/discipline`),
    enabled: schoolId !== '' && pupilId !== '',
  });
}

export function usePlans(schoolId: string) {
  return useQuery({
    queryKey: ['support', 'plans', schoolId],
    queryFn: () => api<PlanList>('GET', `${base(schoolId)}/support-plans`),
    enabled: schoolId !== '',
  });
}

export function usePupilPlans(schoolId: string, pupilId: string) {
  return useQuery({
    queryKey: ['support', 'pupil', schoolId, pupilId],
    queryFn: () => api<PlanList>('GET', `${base(schoolId)}/pupils/${enc(pupilId)}/support-plans`),
    enabled: schoolId !== '' && pupilId !== '',
  });
}

export function useCreatePlan(schoolId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PlanBody) => api('POST', `${base(schoolId)}/support-plans`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['support'] }),
  });
}

export function useUpdatePlan(schoolId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; body: PlanUpdateBody }) =>
      api('PUT', `${base(schoolId)}/support-plans/${enc(v.id)}`, v.body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['support'] }),
  });
}

export function useDeletePlan(schoolId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api('DELETE', `${base(schoolId)}/support-plans/${enc(id)}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['support'] }),
  });
}

/** Accommodations of the pupils of a class, a group or a course, for the teacher's marker. */
export function useAccommodations(
  schoolId: string | undefined,
  target: { classId?: string; groupId?: string; courseId?: string },
) {
  return useQuery({
    queryKey: ['support', 'accommodations', schoolId, target],
    queryFn: () =>
      api<AccommodationList>('GET', `${base(schoolId ?? '')}/accommodations`, undefined, { query: target }),
    select: (d) => new Map(d.items.map((i) => [i.pupilId, i])),
    enabled: !!schoolId && Object.values(target).some(Boolean),
    staleTime: 5 * 60_000,
    retry: false,
  });
}
