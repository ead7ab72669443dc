import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

const enc = encodeURIComponent;

export interface Resource {
  id: string;
  site: { id: string; name: string };
  kind: 'room' | 'equipment' | 'vehicle';
  label: string;
  roomId: string | null;
  needsValidation: boolean;
}
export interface Booking {
  id: string;
  resource: { id: string; label: string; kind: string; siteName: string };
  bookedBy: { id: string; firstName: string; lastName: string };
  date: string;
  startsAt: string;
  endsAt: string;
  purpose: string;
  status: 'pending' | 'confirmed' | 'refused' | 'cancelled';
  abilities: { cancel: boolean; decide: boolean };
}
export interface WeekItem {
  resourceId: string;
  date: string;
  startsAt: string;
  endsAt: string;
  kind: 'course' | 'booking';
  label: string;
  status: Booking['status'] | null;
  mine: boolean;
}
export interface Week {
  monday: string;
  days: string[];
  resources: Resource[];
  items: WeekItem[];
}
export interface BookingBody {
  resourceId: string;
  sessionKey?: string;
  date?: string;
  startsAt?: string;
  endsAt?: string;
  repeatUntil?: string;
  purpose: string;
}

export const useResources = (schoolId: string) =>
  useQuery({
    queryKey: ['resources', schoolId],
    queryFn: () =>
      api<{ sites: Array<{ id: string; name: string }>; items: Resource[]; canManage: boolean }>(
        'GET',
        `/api/schools/${enc(schoolId)}/resources`,
      ),
    enabled: schoolId !== '',
  });

export const useWeek = (schoolId: string, date: string, siteId: string, resourceId: string) =>
  useQuery({
    queryKey: ['resources', schoolId, 'week', date, siteId, resourceId],
    queryFn: () => {
      const q = new URLSearchParams({ date });
      if (siteId) q.set('siteId', siteId);
      if (resourceId) q.set('resourceId', resourceId);
      return api<Week>('GET', `/api/schools/${enc(schoolId)}/resources/week?${q}`);
    },
    enabled: schoolId !== '',
  });

export const useMySessions = (schoolId: string) =>
  useQuery({
    queryKey: ['resources', schoolId, 'my-sessions'],
    queryFn: () =>
      api<{ items: Array<{ key: string; date: string; startsAt: string; endsAt: string; label: string }> }>(
        'GET',
        `/api/schools/${enc(schoolId)}/resources/my-sessions`,
      ),
    enabled: schoolId !== '',
  });

export const useMyBookings = () =>
  useQuery({ queryKey: ['bookings', 'mine'], queryFn: () => api<{ items: Booking[] }>('GET', '/api/bookings/mine') });

export const usePending = (schoolId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['bookings', 'pending', schoolId],
    queryFn: () => api<{ items: Booking[] }>('GET', `/api/schools/${enc(schoolId)}/bookings/pending`),
    enabled: enabled && schoolId !== '',
  });

function useInvalidate() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: ['resources'] });
    void qc.invalidateQueries({ queryKey: ['bookings'] });
  };
}

export function useBook(schoolId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: BookingBody) =>
      api<{ items: Booking[] }>('POST', `/api/schools/${enc(schoolId)}/bookings`, body),
    onSuccess: invalidate,
  });
}

export function useBookingAction() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (a: { id: string; action: 'cancel' | 'confirm' | 'refuse' }) =>
      a.action === 'cancel'
        ? api<Booking>('POST', `/api/bookings/${enc(a.id)}/cancel`)
        : api<Booking>('POST', `/api/bookings/${enc(a.id)}/decision`, { decision: a.action }),
    onSuccess: invalidate,
  });
}
