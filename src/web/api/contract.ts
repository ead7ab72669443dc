// Calls typed by the API contract: `paths` is generated from the server's OpenAPI document by openapi-typescript
// (`npm run api:client`, see docs/api.md), so a call whose path, parameters, body or answer no longer match the
// server does not compile.
import { api } from './client.ts';
import type { components, paths } from './schema.gen.ts';

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';
type Path = keyof paths;

/** The methods a path answers. */
export type MethodOf<P extends Path> = {
  [M in Method]-?: [Exclude<paths[P][M], undefined>] extends [never] ? never : M;
}[Method];

type Operation<P extends Path, M extends Method> = Exclude<paths[P][M], undefined>;

type PathParams<O> = O extends { parameters: { path: infer X } } ? X : never;
type QueryOf<O> = O extends { parameters: { query?: infer Q } } ? Exclude<Q, undefined> : never;
type JsonBody<O> = O extends { requestBody?: infer R }
  ? [Exclude<R, undefined>] extends [never]
    ? never
    : Exclude<R, undefined> extends { content: { 'application/json': infer B } }
      ? B
      : never
  : never;
type Answer<O> = O extends { responses: infer R }
  ? R extends { 200: { content: { 'application/json': infer A } } }
    ? A
    : R extends { 201: { content: { 'application/json': infer A } } }
      ? A
      : unknown
  : never;

type Options<O> = ([PathParams<O>] extends [never] ? { params?: undefined } : { params: PathParams<O> }) &
  ([JsonBody<O>] extends [never] ? { body?: undefined } : { body: JsonBody<O> }) &
  ([QueryOf<O>] extends [never] ? { query?: undefined } : { query?: QueryOf<O> }) & {
    /** Sign-in and activation: a 401 there is a wrong password, not a lost session. */
    anonymous?: boolean;
  };

// biome-ignore lint/complexity/noBannedTypes: `{}` is "no required option" here.
type Args<O> = {} extends Options<O> ? [options?: Options<O>] : [options: Options<O>];

/** What an operation answers (its 200 or 201 JSON body). */
export type ApiAnswer<P extends Path, M extends MethodOf<P>> = Answer<Operation<P, M>>;
/** What an operation takes as its JSON body. */
export type ApiBody<P extends Path, M extends MethodOf<P>> = Exclude<JsonBody<Operation<P, M>>, undefined>;
/** What an operation takes in its query string. */
export type ApiQuery<P extends Path, M extends MethodOf<P>> = QueryOf<Operation<P, M>>;
/** Every error answer: `{ error, message, details, requestId }`. */
export type ApiErrorBody = components['schemas']['Error'];

/**
 * `call('get', '/api/pupils/{pupilId}', { params: { pupilId } })`: a JSON request with the session cookie and the
 * CSRF header (client.ts), its path, parameters, body and answer checked against the contract.
 */
export function call<P extends Path, M extends MethodOf<P>>(
  method: M,
  path: P,
  ...[options]: Args<Operation<P, M>>
): Promise<ApiAnswer<P, M>> {
  const opts = (options ?? {}) as {
    params?: Record<string, string>;
    query?: Record<string, string | number | undefined>;
    body?: unknown;
    anonymous?: boolean;
  };
  const url = (path as string).replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = opts.params?.[name];
    if (value === undefined) throw new Error(`Missing path parameter ${name} for ${path as string}`);
    return encodeURIComponent(value);
  });
  return api<ApiAnswer<P, M>>(method.toUpperCase(), url, opts.body, { query: opts.query, anonymous: opts.anonymous });
}
