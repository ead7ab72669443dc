import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ApiAnswer, type ApiBody, call } from '../../api/contract.ts';

export type Appointment = ApiAnswer<'/api/appointments/{id}', 'get'>;
export type Availability = ApiAnswer<'/api/schools/{schoolId}/appointments/availability', 'get'>;
export type AvailabilityIn = ApiBody<'/api/schools/{schoolId}/appointments/availability', 'put'>;
export type ReceivingStaff = ApiAnswer<'/api/appointments/pupils/{pupilId}/staff', 'get'>['staff'][number];
export type Slot = ApiAnswer<'/api/appointments/pupils/{pupilId}/staff/{staffId}/slots', 'get'>['slots'][number];
export type ReceptionDay = ApiAnswer<'/api/schools/{schoolId}/reception/day', 'get'>;
export type PupilHit = ApiAnswer<'/api/schools/{schoolId}/reception/pupils', 'get'>['pupils'][number];
export type Info = ApiAnswer<'/api/schools/{schoolId}/info', 'get'>;
export type ReceptionSettings = ApiAnswer<'/api/schools/{schoolId}/reception/settings', 'get'>;

export const appointmentsKey = ['appointments'] as const;

export function useMyAppointments(as: 'family' | 'staff', enabled = true, o: { from?: string; to?: string } = {}) {
  return useQuery({
    queryKey: [...appointmentsKey, 'mine', as, o.from, o.to],
    queryFn: () => call('get', '/api/appointments', { query: { as, from: o.from, to: o.to } }),
    enabled,
  });
}

export function useStaffForChild(pupilId: string | null) {
  return useQuery({
    queryKey: [...appointmentsKey, 'staff', pupilId],
    queryFn: () => call('get', '/api/appointments/pupils/{pupilId}/staff', { params: { pupilId: pupilId ?? '' } }),
    enabled: !!pupilId,
  });
}

export function useSlots(pupilId: string | null, staffId: string | null) {
  return useQuery({
    queryKey: [...appointmentsKey, 'slots', pupilId, staffId],
    queryFn: () =>
      call('get', '/api/appointments/pupils/{pupilId}/staff/{staffId}/slots', {
        params: { pupilId: pupilId ?? '', staffId: staffId ?? '' },
      }),
    enabled: !!pupilId && !!staffId,
  });
}

export function useBook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiBody<'/api/appointments', 'post'>) => call('post', '/api/appointments', { body }),
    onSettled: () => qc.invalidateQueries({ queryKey: appointmentsKey }),
  });
}

export function useCancel() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      call('post', '/api/appointments/{id}/cancel', { params: { id }, body: { reason } }),
    onSettled: () => qc.invalidateQueries({ queryKey: appointmentsKey }),
  });
}

export function useMarkArrived() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('post', '/api/appointments/{id}/arrived', { params: { id } }),
    onSettled: () => qc.invalidateQueries({ queryKey: appointmentsKey }),
  });
}

export function useAvailability(schoolId: string) {
  return useQuery({
    queryKey: [...appointmentsKey, 'availability', schoolId],
    queryFn: () => call('get', '/api/schools/{schoolId}/appointments/availability', { params: { schoolId } }),
    enabled: schoolId !== '',
  });
}

export function useSaveAvailability(schoolId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AvailabilityIn) =>
      call('put', '/api/schools/{schoolId}/appointments/availability', { params: { schoolId }, body }),
    onSuccess: (data) => qc.setQueryData([...appointmentsKey, 'availability', schoolId], data),
  });
}

export function useReceptionDay(schoolId: string, siteId: string | undefined, date: string | undefined) {
  return useQuery({
    queryKey: [...appointmentsKey, 'reception', schoolId, siteId, date],
    queryFn: () =>
      call('get', '/api/schools/{schoolId}/reception/day', { params: { schoolId }, query: { siteId, date } }),
    enabled: schoolId !== '',
    refetchInterval: 60_000,
  });
}

export function usePupilSearch(schoolId: string, q: string) {
  return useQuery({
    queryKey: [...appointmentsKey, 'pupils', schoolId, q],
    queryFn: () => call('get', '/api/schools/{schoolId}/reception/pupils', { params: { schoolId }, query: { q } }),
    enabled: schoolId !== '' && q.trim().length >= 2,
  });
}

export function useAddVisit(schoolId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiBody<'/api/schools/{schoolId}/reception/visits', 'post'>) =>
      call('post', '/api/schools/{schoolId}/reception/visits', { params: { schoolId }, body }),
    onSettled: () => qc.invalidateQueries({ queryKey: appointmentsKey }),
  });
}

export function useVisitLeft() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('post', '/api/reception/visits/{id}/left', { params: { id } }),
    onSettled: () => qc.invalidateQueries({ queryKey: appointmentsKey }),
  });
}

export function useRecordDeparture(schoolId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiBody<'/api/schools/{schoolId}/reception/early-departures', 'post'>) =>
      call('post', '/api/schools/{schoolId}/reception/early-departures', { params: { schoolId }, body }),
    onSettled: () => qc.invalidateQueries({ queryKey: appointmentsKey }),
  });
}

export function useInfo(schoolId: string) {
  return useQuery({
    queryKey: [...appointmentsKey, 'info', schoolId],
    queryFn: () => call('get', '/api/schools/{schoolId}/info', { params: { schoolId } }),
    enabled: schoolId !== '',
  });
}

export function usePublicInfo(schoolId: string) {
  return useQuery({
    queryKey: [...appointmentsKey, 'public-info', schoolId],
    queryFn: () => call('get', '/api/public/schools/{schoolId}/info', { params: { schoolId }, anonymous: true }),
    retry: false,
  });
}

export function useSaveInfoPage(schoolId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ siteId, bodyHtml }: { siteId: string; bodyHtml: string }) =>
      call('put', '/api/schools/{schoolId}/info/{siteId}', { params: { schoolId, siteId }, body: { bodyHtml } }),
    onSuccess: (data) => qc.setQueryData([...appointmentsKey, 'info', schoolId], data),
  });
}

export function useReceptionSettings(schoolId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...appointmentsKey, 'settings', schoolId],
    queryFn: () => call('get', '/api/schools/{schoolId}/reception/settings', { params: { schoolId } }),
    enabled: enabled && schoolId !== '',
  });
}

export function useSaveReceptionSettings(schoolId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ReceptionSettings) =>
      call('put', '/api/schools/{schoolId}/reception/settings', { params: { schoolId }, body }),
    onSettled: () => qc.invalidateQueries({ queryKey: appointmentsKey }),
  });
}

/** The .ics of an appointment (a plain link: the browser downloads it with the session cookie). */
export const icsHref = (id: string) => `/api/appointments/${encodeURIComponent(id)}/ics`;
