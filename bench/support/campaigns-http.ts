import { Agent, request as httpRequest } from 'node:http';

interface Session {
  accessToken: string;
  refreshToken: string;
  /** When to renew the access token (ms since the epoch): a minute before it expires. */
  renewAt: number;
}

interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
}

/**
 * A small client of the API as its users call it: JSON bodies, each request signed in as the
 * user it names. Users sign in once (`signIn`); a token near its end is refreshed, and a session
 * that ended (a bench phase may leave the API idle for long) is opened again, before a request
 * is sent and outside any timing.
 */
export class ApiClient {
  private readonly passwords = new Map<string, string>();
  private readonly sessions = new Map<string, Session>();
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(readonly baseUrl: string) {}

  /** Sign a user in; later requests name them with `as`. */
  async signIn(username: string, password: string): Promise<void> {
    this.passwords.set(username, password);
    this.sessions.set(username, await this.login(username));
  }

  /** Send a request; throws unless the status is the expected one. */
  async call<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    options: { body?: unknown; as?: string; expect?: number } = {},
  ): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.as ? await this.authorization(options.as) : {}),
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    const expected = options.expect ?? 200;
    if (response.status !== expected) {
      throw new Error(`${method} ${path}: ${response.status} (expected ${expected}): ${text.slice(0, 500)}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * A timed GET as `as`: from sending the request to the last byte of the body received (not
   * parsed), so that the figure is the API's and the network's, not the bench's JSON parser's.
   * The token is made ready before the clock starts. It goes through `node:http` on one kept-alive
   * connection, the HTTP counterpart of the SQL side's single `pg` connection: `fetch` costs the
   * client itself a few tenths of a millisecond a call, and more in its tail (docs/benchmarks.md).
   */
  async timedGet(path: string, as: string, expect = 200): Promise<{ ms: number; body: Buffer }> {
    const headers = await this.authorization(as);
    const began = performance.now();
    const { status, body } = await new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
      const req = httpRequest(`${this.baseUrl}${path}`, { agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    const ms = performance.now() - began;
    if (status !== expect) {
      throw new Error(`GET ${path}: ${status} (expected ${expect}): ${body.toString().slice(0, 500)}`);
    }
    return { ms, body };
  }

  /** Closes the timed requests' connection. */
  close(): void {
    this.agent.destroy();
  }

  /** The status a GET as `as` answers with (its body read and dropped). */
  async status(path: string, as: string): Promise<number> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: await this.authorization(as) });
    await response.arrayBuffer();
    return response.status;
  }

  /** Whether the API answers its health check with 200. */
  async healthy(): Promise<boolean> {
    try {
      const response = await fetch(`${this.baseUrl}/health`);
      await response.arrayBuffer();
      return response.status === 200;
    } catch {
      return false;
    }
  }

  private async authorization(username: string): Promise<{ authorization: string }> {
    let session = this.sessions.get(username);
    if (!session) throw new Error(`${username} has not signed in`);
    if (session.renewAt <= Date.now()) {
      session = (await this.refresh(session)) ?? (await this.login(username));
      this.sessions.set(username, session);
    }
    return { authorization: `Bearer ${session.accessToken}` };
  }

  private async login(username: string): Promise<Session> {
    const password = this.passwords.get(username);
    if (password === undefined) throw new Error(`no password for ${username}`);
    return session(await this.call<Tokens>('POST', '/auth/login', { body: { username, password } }));
  }

  /** New tokens for the session, or undefined when it has ended. */
  private async refresh(previous: Session): Promise<Session | undefined> {
    const response = await fetch(`${this.baseUrl}/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: previous.refreshToken }),
    });
    const body = (await response.json()) as Tokens;
    return response.status === 200 ? session(body) : undefined;
  }
}

function session(tokens: Tokens): Session {
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    renewAt: new Date(tokens.expiresAt).getTime() - 60_000,
  };
}
