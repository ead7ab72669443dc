import type { Account } from './database.ts';

export const BENCH_USER_AGENT = 'preau-bench/1';

export interface Session {
  login: string;
  kind: Account['kind'];
  /** `preau_session=...`, ready for a Cookie header. */
  cookie: string;
  /** The signed-in person (from the sign-in answer), for paths such as a pupil's own timetable. */
  personId: string;
  /** From the sign-in answer: sent as x-csrf-token on unsafe requests (PUT, POST...). */
  csrfToken: string;
  /** Staff accounts: the school they were sampled for. */
  schoolId?: string;
}

export interface SignInReport {
  sessions: Session[];
  failures: { login: string; status: number; body: string }[];
  seconds: number;
}

/** Signs every account in through POST /api/auth/login, `concurrency` at a time, from the loopback. */
export async function signInAll(
  baseUrl: string,
  accounts: Account[],
  password: string,
  concurrency = 8,
): Promise<SignInReport> {
  const sessions: Session[] = [];
  const failures: SignInReport['failures'] = [];
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < accounts.length) {
      const a = accounts[next++]!;
      const res = await fetch(`${baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': BENCH_USER_AGENT },
        body: JSON.stringify({ login: a.login, password }),
      });
      const body = await res.text();
      const cookie = res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0]!)
        .find((c) => /^(__Host-)?preau_session=/.test(c));
      if (res.ok && cookie) {
        const answer = JSON.parse(body) as { personId?: unknown; csrfToken?: unknown };
        sessions.push({
          login: a.login,
          kind: a.kind,
          cookie,
          personId: String(answer.personId ?? ''),
          csrfToken: String(answer.csrfToken ?? ''),
          ...(a.schoolId ? { schoolId: a.schoolId } : {}),
        });
      } else failures.push({ login: a.login, status: res.status, body: body.slice(0, 200) });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { sessions, failures, seconds: (performance.now() - t0) / 1000 };
}
