import { useQuery } from '@tanstack/react-query';
import type { ApplicationList } from '../../../server/modules/sso/sso.schema.ts';
import { api } from '../../api/client.ts';

export type { ApplicationList };

/** The applications the person may open through Préau (docs/sso.md); the registry too for administrators. */
export function useApplications() {
  return useQuery({
    queryKey: ['sso', 'applications'],
    // The list comes from the deployment's configuration: it changes when the server restarts, not during a visit.
    staleTime: 10 * 60_000,
    queryFn: () => api<ApplicationList>('GET', '/api/sso/applications'),
  });
}
