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
  /** The acting person (`X-Person-Id`). */
  as?: string;
  body?: unknown;
  /** Statuses that count as an answer rather than a failure (besides 2xx). */
  accept?: number[];
}

export interface Answer<T> {
  status: number;
  body: T;
}

/**
 * The demo talks to the system only as its users do: JSON over HTTP, naming the acting person
 * in `X-Person-Id`. Global `fetch`, so it runs wherever Node does.
 */
export class DemoApi {
  private readonly base: string;
  /** Requests made, for the summary. */
  requests = 0;

  constructor(
    baseUrl: string,
    private readonly timeoutMs = 60_000,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  async call<T>(method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.as) headers['x-person-id'] = options.as;
    this.requests += 1;
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    if (!response.ok && !(options.accept ?? []).includes(response.status)) {
      const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
      throw new DemoRequestError(method, path, response.status, error?.code, error?.message ?? text.slice(0, 500));
    }
    return { status: response.status, body: body as T };
  }

  async get<T>(path: string, options: CallOptions = {}): Promise<T> {
    return (await this.call<T>('GET', path, options)).body;
  }

  async post<T>(path: string, body: unknown, as?: string): Promise<T> {
    return (await this.call<T>('POST', path, { body, ...(as ? { as } : {}) })).body;
  }

  async put<T>(path: string, body: unknown, as: string): Promise<T> {
    return (await this.call<T>('PUT', path, { body, as })).body;
  }
}

/** A path segment: ids such as `zz-2024-elderly-care/F-0001` carry a slash. */
export const seg = (id: string): string => encodeURIComponent(id);
