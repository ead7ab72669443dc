import type { ErrorBody } from './types.ts';

/** An error answered by the server (or the network), carrying the stable code the interface translates. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;
  readonly requestId: string | undefined;

  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.error;
    this.status = status;
    this.details = body.details;
    this.requestId = body.requestId;
  }
}

let csrfToken: string | null = null;
let lastActivityAt = Date.now();
const sessionLostListeners = new Set<() => void>();

/** The token the server gives at sign-in and with /api/me; sent back on every unsafe request. */
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

/** When the server last saw this session (our last successful authenticated request). */
export const getLastActivityAt = () => lastActivityAt;
export const markActivity = () => {
  lastActivityAt = Date.now();
};

/** Called when a request made with a session is answered UNAUTHENTICATED: the session has ended. */
export function onSessionLost(listener: () => void): () => void {
  sessionLostListeners.add(listener);
  return () => sessionLostListeners.delete(listener);
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RequestOptions {
  /** Query string values; undefined and empty values are left out. */
  query?: Record<string, string | number | undefined>;
  /** Sign-in and activation: a 401 there is a wrong password, not a lost session. */
  anonymous?: boolean;
}

async function send(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<Response> {
  let url = path;
  if (opts.query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query)) if (v !== undefined && v !== '') qs.set(k, String(v));
    const s = qs.toString();
    if (s) url += `?${s}`;
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  // A form sets its own multipart type (with the boundary); a file is sent as the raw body with its own type
  // (attachments); anything else as JSON.
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
  const raw = typeof Blob !== 'undefined' && body instanceof Blob;
  if (body !== undefined && !isForm) {
    headers['content-type'] = raw ? body.type || 'application/octet-stream' : 'application/json';
  }
  if (UNSAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : isForm || raw ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { error: 'NETWORK', message: 'The server cannot be reached' });
  }
  if (res.ok) {
    if (!opts.anonymous) markActivity();
    return res;
  }
  let errorBody: ErrorBody;
  try {
    errorBody = (await res.json()) as ErrorBody;
  } catch {
    errorBody = { error: res.status >= 500 ? 'INTERNAL' : 'UNKNOWN', message: res.statusText };
  }
  const error = new ApiError(res.status, errorBody);
  if (error.code === 'UNAUTHENTICATED' && !opts.anonymous) {
    for (const l of sessionLostListeners) l();
  }
  throw error;
}

/** A JSON request to the Préau API, with the session cookie and the CSRF header. A Blob body is sent raw. */
export async function api<T>(method: string, path: string, body?: unknown, opts?: RequestOptions): Promise<T> {
  const res = await send(method, path, body, opts);
  return (await res.json()) as T;
}

/** A form with files (multipart/form-data), answered in JSON. */
export async function apiForm<T>(method: string, path: string, form: FormData, opts?: RequestOptions): Promise<T> {
  const res = await send(method, path, form, opts);
  return (await res.json()) as T;
}

/** A binary download (PDF...), returned as a Blob with its content type. */
export async function apiBlob(method: string, path: string, body?: unknown): Promise<Blob> {
  const res = await send(method, path, body);
  return res.blob();
}
