import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/contract.ts';

export const mailPreferencesKey = ['mail-preferences'] as const;

export function useMailPreferences() {
  return useQuery({ queryKey: mailPreferencesKey, queryFn: () => call('get', '/api/me/mail-preferences') });
}

export type MailPreferences = NonNullable<ReturnType<typeof useMailPreferences>['data']>;
export type MailMode = MailPreferences['categories'][number]['mode'];
export type MailCategory = MailPreferences['categories'][number]['category'];

export function useSaveMailPreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      modes: Partial<Record<MailCategory, MailMode>>;
      quietHours: { start: string; end: string } | null;
    }) => call('put', '/api/me/mail-preferences', { body }),
    onSuccess: (data) => qc.setQueryData(mailPreferencesKey, data),
  });
}

export function useMailBounces(schoolId: string) {
  return useQuery({
    queryKey: ['mail-bounces', schoolId],
    queryFn: () => call('get', '/api/schools/{schoolId}/mail/bounces', { params: { schoolId } }),
  });
}

export function useClearMailBounce(schoolId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (personId: string) =>
      call('delete', '/api/schools/{schoolId}/mail/bounces/{personId}', { params: { schoolId, personId } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mail-bounces', schoolId] }),
  });
}
