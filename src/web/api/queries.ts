import { QueryClient, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, setCsrfToken } from './client.ts';
import { call } from './contract.ts';
import type {
  ActivateBody,
  ChangePasswordBody,
  Locale,
  LoginBody,
  LoginResult,
  Me,
  NotificationItem,
  NotificationList,
  PeopleQuery,
  PersonDetail,
  PersonList,
  Pupil,
  SessionList,
  SessionResult,
  UnreadCount,
} from './types.ts';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Fail fast: refusals and missing things will not change by asking again, and a server error is
      // shown at once with "Réessayer" (ErrorAlert). Only a lost network gets one quiet second try.
      retry: (count, error) => error instanceof ApiError && error.status === 0 && count < 1,
      retryDelay: 500,
    },
  },
});

export const meKey = ['me'] as const;

export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async () => {
      const me: Me = await call('get', '/api/me');
      setCsrfToken(me.csrfToken);
      return me;
    },
  });
}

/** The school the person is looking at: the session's, else their first. */
export function currentSchool(me: Me) {
  return me.schools.find((s) => s.id === me.currentSchoolId) ?? me.schools[0] ?? null;
}

export const hasAbility = (me: Me, ability: string) => currentSchool(me)?.abilities.includes(ability) ?? false;

/** A session, or the challenge of the second step (then `signInWithCode`). */
export async function signIn(body: LoginBody): Promise<LoginResult> {
  const r: LoginResult = await call('post', '/api/auth/login', { body, anonymous: true });
  if ('csrfToken' in r) setCsrfToken(r.csrfToken);
  return r;
}

export async function signInWithCode(body: { challenge: string; code: string }): Promise<SessionResult> {
  const r: SessionResult = await call('post', '/api/auth/login/code', { body, anonymous: true });
  setCsrfToken(r.csrfToken);
  return r;
}

export async function activate(body: ActivateBody): Promise<SessionResult> {
  const r: SessionResult = await call('post', '/api/auth/activate', { body, anonymous: true });
  setCsrfToken(r.csrfToken);
  return r;
}

export async function signOut(): Promise<void> {
  try {
    await call('post', '/api/auth/logout');
  } finally {
    setCsrfToken(null);
    // Cleared once the signed-in pages are gone, so that nothing refetches as they unmount.
    setTimeout(() => queryClient.clear(), 0);
  }
}

export const changePassword = (body: ChangePasswordBody) => call('put', '/api/me/password', { body });
export const saveLocale = (locale: Locale) => call('put', '/api/me/locale', { body: { locale } });

export function useSwitchSchool() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (schoolId: string) => call('put', '/api/me/school', { body: { schoolId } }),
    onSuccess: () => qc.invalidateQueries(),
  });
}

export function useSessions() {
  return useQuery({ queryKey: ['sessions'], queryFn: (): Promise<SessionList> => call('get', '/api/me/sessions') });
}

export function useEndSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string) => call('delete', '/api/me/sessions/{sessionId}', { params: { sessionId } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['sessions'] }),
  });
}

export function usePupil(id: string) {
  return useQuery({
    queryKey: ['pupil', id],
    queryFn: (): Promise<Pupil> => call('get', '/api/pupils/{pupilId}', { params: { pupilId: id } }),
  });
}

export function usePeople(schoolId: string, query: PeopleQuery, enabled = true) {
  return useQuery({
    queryKey: ['people', schoolId, query],
    queryFn: (): Promise<PersonList> => call('get', '/api/schools/{schoolId}/people', { params: { schoolId }, query }),
    enabled,
  });
}

export const personKey = (schoolId: string, personId: string) => ['person', schoolId, personId] as const;

export function usePerson(schoolId: string, personId: string) {
  return useQuery({
    queryKey: personKey(schoolId, personId),
    queryFn: (): Promise<PersonDetail> =>
      call('get', '/api/schools/{schoolId}/people/{personId}', { params: { schoolId, personId } }),
  });
}

export const unreadKey = ['notifications', 'unread'] as const;

export function useUnreadCount() {
  return useQuery({
    queryKey: unreadKey,
    queryFn: (): Promise<UnreadCount> => call('get', '/api/notifications/unread-count'),
    // No polling: every request keeps the session alive on the server, so an idle page must stay quiet.
    // The layout refreshes the count when the person moves from page to page.
  });
}

export function useNotifications(unreadOnly: boolean) {
  return useInfiniteQuery({
    queryKey: ['notifications', 'list', unreadOnly],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }): Promise<NotificationList> =>
      call('get', '/api/notifications', {
        query: { limit: 20, cursor: pageParam, unreadOnly: unreadOnly ? 'true' : undefined },
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string): Promise<NotificationItem> =>
      call('post', '/api/notifications/{id}/read', { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call('post', '/api/notifications/read-all'),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
}
