import { allPages, DemoApi, DemoRequestError } from './http';

interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

/** A fake API: sign-in, refresh and one business route, with tokens the test controls. */
class FakeApi {
  seen: Seen[] = [];
  issued = 0;
  /** How long the next tokens live (ms). */
  ttlMs = 15 * 60_000;
  live = new Set<string>();
  refreshable = new Set<string>();
  /** Sign-ins to refuse with 429 before one succeeds. */
  rateLimited = 0;

  readonly fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const headers = new Headers(init?.headers);
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : null;
    this.seen.push({
      method: init?.method ?? 'GET',
      path: url.pathname,
      authorization: headers.get('authorization') ?? undefined,
      body,
    });
    return Promise.resolve(this.answer(url.pathname, headers, body as Record<string, string>));
  };

  private tokens(): Response {
    this.issued += 1;
    const accessToken = `sla_access${this.issued}`;
    const refreshToken = `slr_refresh${this.issued}`;
    this.live.add(accessToken);
    this.refreshable.add(refreshToken);
    return Response.json({ accessToken, refreshToken, expiresAt: new Date(Date.now() + this.ttlMs).toISOString() });
  }

  private answer(path: string, headers: Headers, body: Record<string, string>): Response {
    if (path === '/auth/login') {
      if (this.rateLimited > 0) {
        this.rateLimited -= 1;
        return Response.json({ error: { code: 'RATE_LIMITED' } }, { status: 429, headers: { 'retry-after': '1' } });
      }
      if (body.password !== 'Correct-Horse-2024') {
        return Response.json({ error: { code: 'INVALID_CREDENTIALS', message: 'wrong' } }, { status: 401 });
      }
      return this.tokens();
    }
    if (path === '/auth/refresh') {
      if (!this.refreshable.delete(body.refreshToken)) {
        return Response.json({ error: { code: 'SESSION_EXPIRED' } }, { status: 401 });
      }
      return this.tokens();
    }
    const token = headers.get('authorization')?.replace('Bearer ', '');
    if (!token || !this.live.has(token)) return Response.json({ error: { code: 'TOKEN_EXPIRED' } }, { status: 401 });
    return Response.json({ ok: true });
  }
}

describe('DemoApi sign-in', () => {
  let fake: FakeApi;
  let api: DemoApi;
  const calls = (path: string) => fake.seen.filter((s) => s.path === path).length;

  beforeEach(() => {
    fake = new FakeApi();
    jest.spyOn(globalThis, 'fetch').mockImplementation(fake.fetch);
    api = new DemoApi('http://demo.test/', () => 'Correct-Horse-2024');
  });

  afterEach(() => jest.restoreAllMocks());

  it('signs each user in once, lazily, and sends their token', async () => {
    await Promise.all([api.get('/x', 'wang.staff'), api.get('/x', 'wang.staff'), api.get('/x', 'zhang.civil')]);
    await api.get('/x', 'wang.staff');
    expect(calls('/auth/login')).toBe(2);
    expect(api.signIns).toBe(2);
    const business = fake.seen.filter((s) => s.path === '/x');
    expect(business.every((s) => s.authorization?.startsWith('Bearer sla_access'))).toBe(true);
    expect(fake.seen.find((s) => s.path === '/auth/login')?.body).toEqual({
      username: 'wang.staff',
      password: 'Correct-Horse-2024',
    });
  });

  /** Move the clock on, for `Date.now()` only. */
  const later = (ms: number) => jest.spyOn(Date, 'now').mockReturnValue(Date.now() + ms);

  it('refreshes a token about to expire, once for concurrent requests', async () => {
    fake.ttlMs = 60_000;
    await api.get('/x', 'wang.staff');
    later(20_000);
    await api.get('/x', 'wang.staff');
    expect(calls('/auth/refresh')).toBe(0);
    later(40_000);
    await Promise.all([api.get('/x', 'wang.staff'), api.get('/x', 'wang.staff')]);
    expect(calls('/auth/refresh')).toBe(1);
    expect(calls('/auth/login')).toBe(1);
  });

  it('signs in again when the refresh is refused, or the token is refused', async () => {
    fake.ttlMs = 60_000;
    await api.get('/x', 'wang.staff');
    fake.refreshable.clear();
    later(40_000);
    await api.get('/x', 'wang.staff');
    expect(calls('/auth/login')).toBe(2);
    jest.mocked(Date.now).mockRestore();

    fake.ttlMs = 15 * 60_000;
    await api.get('/x', 'li.staff');
    fake.live.clear();
    await expect(api.get('/x', 'li.staff')).resolves.toEqual({ ok: true });
    expect(calls('/auth/login')).toBe(4);
  });

  it('waits out a rate-limited sign-in, and reports a refused one', async () => {
    fake.rateLimited = 1;
    const lines: string[] = [];
    api = new DemoApi(
      'http://demo.test',
      () => 'Correct-Horse-2024',
      (line) => lines.push(line),
    );
    const began = Date.now();
    await api.get('/x', 'wang.staff');
    expect(Date.now() - began).toBeGreaterThanOrEqual(900);
    expect(lines).toEqual(['demo: sign-in is rate limited; pacing (waiting 1 s)']);

    api = new DemoApi('http://demo.test', () => 'wrong');
    const refused = api.get('/x', 'zhao.staff');
    await expect(refused).rejects.toBeInstanceOf(DemoRequestError);
    await expect(refused).rejects.toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
  });
});

describe('allPages', () => {
  it('reads a list page after page until it has the total, and stops at an empty page', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => i);
    const asked: [number, number][] = [];
    const read = (limit: number, offset: number) => {
      asked.push([limit, offset]);
      return Promise.resolve({ total: rows.length, items: rows.slice(offset, offset + limit), limit, offset });
    };
    await expect(allPages(read, 3)).resolves.toEqual(rows);
    expect(asked).toEqual([
      [3, 0],
      [3, 3],
      [3, 6],
    ]);
    // A list that shrank while it was read ends at the first empty page.
    const shrunk = (limit: number, offset: number) =>
      Promise.resolve({ total: 10, items: rows.slice(offset, offset + limit), limit, offset });
    await expect(allPages(shrunk, 5)).resolves.toEqual(rows);
  });
});
