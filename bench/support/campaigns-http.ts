/** A small client of the API as its users call it: JSON bodies, the acting person in `X-Person-Id`. */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  /** Send a request; throws unless the status is the expected one. */
  async call<T>(
    method: 'GET' | 'POST',
    path: string,
    options: { body?: unknown; personId?: string; expect?: number } = {},
  ): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.personId ? { 'x-person-id': options.personId } : {}),
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
   * A timed GET: from sending the request to the last byte of the body received (not parsed),
   * so that the figure is the API's and the network's, not the bench's JSON parser's.
   */
  async timedGet(path: string, expect = 200): Promise<{ ms: number; body: Buffer }> {
    const began = performance.now();
    const response = await fetch(`${this.baseUrl}${path}`);
    const body = Buffer.from(await response.arrayBuffer());
    const ms = performance.now() - began;
    if (response.status !== expect) {
      throw new Error(`GET ${path}: ${response.status} (expected ${expect}): ${body.toString().slice(0, 500)}`);
    }
    return { ms, body };
  }

  /** The status a GET answers with (its body read and dropped). */
  async status(path: string): Promise<number> {
    const response = await fetch(`${this.baseUrl}${path}`);
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
}
