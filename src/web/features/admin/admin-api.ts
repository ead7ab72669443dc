import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

/** The admin API of a school: /api/schools/:schoolId/admin/... */
export const adminPath = (schoolId: string, rest: string) =>
  `/api/schools/${encodeURIComponent(schoolId)}/admin/${rest}`;

export function useAdminList<T>(schoolId: string, what: string) {
  return useQuery({ queryKey: ['admin', schoolId, what], queryFn: () => api<T>('GET', adminPath(schoolId, what)) });
}

/** A create (POST) or an update (PATCH) that refreshes the list it changed. */
export function useAdminWrite<TBody, TResult = unknown>(schoolId: string, what: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ method, path, body }: { method: 'POST' | 'PATCH'; path: string; body: TBody }) =>
      api<TResult>(method, adminPath(schoolId, path), body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', schoolId, what] }),
  });
}

export const lettersUrl = (schoolId: string, classId: string) =>
  adminPath(schoolId, `classes/${encodeURIComponent(classId)}/activation-letters.pdf`);
