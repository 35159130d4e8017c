import type { Page } from '@lib/database';

/** A refused or failed request, with the API's error code when it gave one. */
export class DemoRequestError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly code: string | undefined,
    detail: string,
  ) {
    super(`${method} ${path} → ${status}${code ? ` ${code}` : ''}: ${detail}`);
    this.name = 'DemoRequestError';
  }
}

export interface CallOptions {
  /** The user name to act as: a demo person's id, or an administrator's user name. */
  as?: string;
  /** A JSON body, or a file sent as it is. */
  body?: unknown;
  file?: { content: Buffer; contentType: string };
  /** Makes a retried request answer as the first did. */
  idempotencyKey?: string;
  /** Statuses that count as an answer rather than a failure (besides 2xx). */
  accept?: number[];
}

export interface Answer<T> {
  status: number;
  body: T;
}

/** The password of a user name, for signing in. */
export type Credentials = (username: string) => string;

interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
}

interface Session {
  accessToken: string;
  refreshToken: string;
  /** When to renew the access token (ms since the epoch), some time before it stops working. */
  renewAt: number;
}

/**
 * Renew a token this long before it expires (at most; a third of its lifetime when that is
 * shorter), so that no request goes out with a dying one.
 */
const RENEW_BEFORE_MS = 30_000;
/** 401 codes after which signing in again may help: the token, not the request, was the problem. */
const STALE_TOKEN = new Set(['TOKEN_EXPIRED', 'TOKEN_INVALID', 'SESSION_EXPIRED']);
/** Sign-ins refused for their rate before the loader gives up. */
const MAX_RATE_LIMITED = 20;

const parse = (text: string): unknown => {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

const errorOf = (body: unknown): { code?: string; message?: string } | undefined =>
  (body as { error?: { code?: string; message?: string } } | null)?.error;

/**
 * The demo talks to the system only as its users do: JSON over HTTP, each request signed in as
 * the person (or administrator) who would make it. Each user signs in on first use; the session
 * is kept, its access token refreshed shortly before it expires, and a user whose session has
 * ended signs in again. A sign-in refused for its rate (429) waits as long as the API says and
 * tries again, so the loader paces itself where sign-in is limited. Global `fetch`, so it runs
 * wherever Node does.
 */
export class DemoApi {
  private readonly base: string;
  private readonly sessions = new Map<string, { pending: Promise<Session>; value?: Session }>();
  /** Requests made, for the summary (sign-ins and refreshes included). */
  requests = 0;
  /** Sign-ins made (not refreshes). */
  signIns = 0;

  constructor(
    baseUrl: string,
    private readonly credentials: Credentials,
    private readonly log: (line: string) => void = () => undefined,
    private readonly timeoutMs = 60_000,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  async call<T>(method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
    let token = options.as ? await this.token(options.as) : undefined;
    let response = await this.send(method, path, options, token);
    if (options.as && response.status === 401 && STALE_TOKEN.has(errorOf(response.body)?.code ?? '')) {
      // The guard refused the token before anything was done: sign in again and send it once more.
      this.forget(options.as, token!);
      token = await this.token(options.as);
      response = await this.send(method, path, options, token);
    }
    const { status, body } = response;
    if ((status < 200 || status > 299) && !(options.accept ?? []).includes(status)) {
      const error = errorOf(body);
      const detail = error?.message ?? (typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 500);
      throw new DemoRequestError(method, path, status, error?.code, detail);
    }
    return { status, body: body as T };
  }

  async get<T>(path: string, as: string): Promise<T> {
    return (await this.call<T>('GET', path, { as })).body;
  }

  /** Every row of a paged list (`{ total, items }`), read a page of 200 at a time. */
  all<T>(path: string, as: string): Promise<T[]> {
    const join = path.includes('?') ? '&' : '?';
    return allPages((limit, offset) => this.get<Page<T>>(`${path}${join}limit=${limit}&offset=${offset}`, as));
  }

  async post<T>(path: string, body: unknown, as: string): Promise<T> {
    return (await this.call<T>('POST', path, { body, as })).body;
  }

  async put<T>(path: string, body: unknown, as: string): Promise<T> {
    return (await this.call<T>('PUT', path, { body, as })).body;
  }

  private async send(
    method: string,
    path: string,
    { body, file, idempotencyKey }: Pick<CallOptions, 'body' | 'file' | 'idempotencyKey'>,
    token: string | undefined,
  ): Promise<{ status: number; body: unknown; retryAfter: number | null }> {
    const headers: Record<string, string> = {};
    if (file) headers['content-type'] = file.contentType;
    else if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    this.requests += 1;
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers,
      ...(file ? { body: file.content } : body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const retryAfter = Number(response.headers.get('retry-after'));
    return {
      status: response.status,
      body: parse(await response.text()),
      retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    };
  }

  /** A live access token of the user: the session's, renewed when it is about to expire. */
  private async token(username: string): Promise<string> {
    for (;;) {
      const entry = this.sessions.get(username);
      if (!entry) return (await this.open(username)).accessToken;
      const session = await entry.pending;
      if (session.renewAt > Date.now()) return session.accessToken;
      // Whoever sees the token stale first renews it; the others wait for that renewal.
      if (this.sessions.get(username) === entry) return (await this.open(username, session)).accessToken;
    }
  }

  /** Sign in, or refresh `previous` (signing in again if the session has ended). */
  private open(username: string, previous?: Session): Promise<Session> {
    const pending = previous ? this.refresh(previous).then((s) => s ?? this.signIn(username)) : this.signIn(username);
    const entry: { pending: Promise<Session>; value?: Session } = { pending };
    this.sessions.set(username, entry);
    pending.then(
      (session) => (entry.value = session),
      () => {
        if (this.sessions.get(username) === entry) this.sessions.delete(username);
      },
    );
    return pending;
  }

  /** Drop the user's session if `token` is still its token (another request may have renewed it). */
  private forget(username: string, token: string): void {
    const entry = this.sessions.get(username);
    if (entry?.value?.accessToken === token) this.sessions.delete(username);
  }

  private async signIn(username: string): Promise<Session> {
    for (let refused = 0; ; refused += 1) {
      this.signIns += 1;
      const answer = await this.send(
        'POST',
        '/auth/login',
        { body: { username, password: this.credentials(username) } },
        undefined,
      );
      if (answer.status === 200) return session(answer.body as Tokens);
      const error = errorOf(answer.body);
      if (answer.status === 429 && refused < MAX_RATE_LIMITED) {
        const seconds = answer.retryAfter ?? 5;
        if (refused === 0) this.log(`demo: sign-in is rate limited; pacing (waiting ${seconds} s)`);
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        continue;
      }
      throw new DemoRequestError(
        'POST',
        `/auth/login (${username})`,
        answer.status,
        error?.code,
        error?.message ?? String(answer.body).slice(0, 500),
      );
    }
  }

  /** New tokens for a session, or undefined when it has ended. */
  private async refresh(previous: Session): Promise<Session | undefined> {
    const answer = await this.send(
      'POST',
      '/auth/refresh',
      { body: { refreshToken: previous.refreshToken } },
      undefined,
    );
    return answer.status === 200 ? session(answer.body as Tokens) : undefined;
  }
}

function session(tokens: Tokens): Session {
  const now = Date.now();
  const expiresAt = new Date(tokens.expiresAt).getTime();
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    renewAt: expiresAt - Math.min(RENEW_BEFORE_MS, Math.max(0, expiresAt - now) / 3),
  };
}

/**
 * Every row of a paged list: `read(limit, offset)` from the first page until the rows read make
 * the total the last page gave (or a page comes back empty).
 */
export async function allPages<T>(
  read: (limit: number, offset: number) => Promise<Page<T>>,
  limit = 200,
): Promise<T[]> {
  const rows: T[] = [];
  for (let total = Infinity; rows.length < total;) {
    const page = await read(limit, rows.length);
    total = page.total;
    rows.push(...page.items);
    if (page.items.length === 0) break;
  }
  return rows;
}

/** A path segment: ids such as `zz-2024-elderly-care/F-0001` carry a slash. */
export const seg = (id: string): string => encodeURIComponent(id);
