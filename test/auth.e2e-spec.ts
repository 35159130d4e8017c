import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { IdentityService, tokenHash, totpCode, totpStep } from '@lib/identity';
import { startApi, testConfig } from './support/apps';
import { asAdmin, TEST_PASSWORD, type AuthHeader } from './support/auth';
import { createOrganisation } from './support/organisation';

/**
 * Sign-in on the real servers: password policy, lock-out, rate limits, token refresh and
 * revocation, idle and absolute session limits, the TOTP second factor, and the separation of
 * administrator roles (三员分立) from business.
 */
describe('identity', () => {
  let api: NestExpressApplication;
  let auth: (personId: string) => AuthHeader;
  const s = randomUUID().slice(0, 8);
  const id = (name: string) => `${name}-${s}`;
  const http = () => request(api.getHttpServer());
  const login = (username: string, password = TEST_PASSWORD, extra: object = {}) =>
    http()
      .post('/auth/login')
      .send({ username, password, ...extra });
  const identity = () => api.get(IdentityService);
  const accountOf = async (username: string) => {
    const [row]: { id: string }[] = await api
      .get(DataSource)
      .query('SELECT id FROM account WHERE lower(username) = lower($1)', [username]);
    return row.id;
  };
  /** A person with an account of their own, signed in through the API only when asked. */
  const newPerson = async (name: string) => {
    const personId = id(name);
    await http()
      .post('/people')
      .set(await asAdmin(api, 'system_admin'))
      .send({ id: personId, name, unitId: id('committee') })
      .expect(201);
    await http()
      .post('/accounts')
      .set(await asAdmin(api, 'system_admin'))
      .send({ username: personId, password: TEST_PASSWORD, personId })
      .expect(201);
    return personId;
  };

  beforeAll(async () => {
    api = await startApi(testConfig({ LOGIN_RATE_LIMIT_PER_USER: '12', LOGIN_RATE_LIMIT_PER_IP: '100000' }));
    auth = await createOrganisation(
      api,
      [
        { id: id('congress'), name: '市人大常委会', kind: 'congress', level: 'city' },
        { id: id('committee'), name: '社会建设委员会', kind: 'committee', level: 'city', parentId: id('congress') },
      ],
      [{ id: id('staff'), name: '王干事', unitId: id('committee'), roles: ['committee_staff'] }],
    );
  });

  afterAll(async () => {
    await api?.close();
  });

  it('signs in with a password and answers who is signed in', async () => {
    const signedIn = await login(id('staff')).expect(200);
    expect(signedIn.body).toMatchObject({ tokenType: 'Bearer', account: { personId: id('staff'), adminRole: null } });
    expect(signedIn.body.accessToken).toMatch(/^sla_/);
    expect(signedIn.body.refreshToken).toMatch(/^slr_/);
    const lifetime = Date.parse(signedIn.body.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(14 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(15 * 60_000);
    const me = await http().get('/auth/me').set('Authorization', `Bearer ${signedIn.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ personId: id('staff'), unitId: id('committee'), roles: ['committee_staff'] });
    const stored: { password_hash: string }[] = await api
      .get(DataSource)
      .query('SELECT password_hash FROM account WHERE username = $1', [id('staff')]);
    expect(stored[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('refuses a missing, malformed or unknown token with 401 and the error model', async () => {
    const missing = await http().get('/auth/me').expect(401);
    expect(missing.body.error).toMatchObject({ code: 'AUTH_REQUIRED', messageZh: '请先登录' });
    const malformed = await http().get('/auth/me').set('Authorization', 'Basic abc').expect(401);
    expect(malformed.body.error.code).toBe('TOKEN_INVALID');
    const unknown = await http()
      .get('/auth/me')
      .set('Authorization', `Bearer sla_${'x'.repeat(43)}`)
      .expect(401);
    expect(unknown.body.error.code).toBe('TOKEN_INVALID');
  });

  it('answers a wrong password and an unknown user alike', async () => {
    const wrong = await login(id('staff'), 'Wrong-Password-1').expect(401);
    const unknown = await login(id('nobody'), 'Wrong-Password-1').expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error).toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('enforces the password policy when an account is opened', async () => {
    const system = await asAdmin(api, 'system_admin');
    const personId = id('weak');
    await http()
      .post('/people')
      .set(system)
      .send({ id: personId, name: '弱', unitId: id('committee') })
      .expect(201);
    for (const [password, code] of [
      ['Short-1a', 'PASSWORD_TOO_SHORT'],
      ['alllowercaseletters', 'PASSWORD_TOO_SIMPLE'],
      [`${personId}-Aa1`, 'PASSWORD_CONTAINS_USERNAME'],
    ] as const) {
      const refused = await http()
        .post('/accounts')
        .set(system)
        .send({ username: personId, password, personId })
        .expect(400);
      expect((refused.body.error.details as { code: string }[]).map((d) => d.code)).toContain(code);
    }
    expect(await api.get(DataSource).query('SELECT 1 FROM account WHERE username = $1', [personId])).toHaveLength(0);
    await http()
      .post('/accounts')
      .set(system)
      .send({ username: personId, password: 'Three-classes-ok', personId })
      .expect(201);
  });

  it('locks an account for 15 minutes after 5 failed sign-ins, until the security administrator unlocks it', async () => {
    const personId = await newPerson('locked');
    for (let i = 0; i < 5; i += 1) await login(personId, 'Wrong-Password-1').expect(401);
    const locked = await login(personId).expect(423);
    expect(locked.body.error.code).toBe('ACCOUNT_LOCKED');
    const lockedUntil = Date.parse(/until (\S+)$/.exec(locked.body.error.message as string)![1]);
    expect(lockedUntil - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(lockedUntil - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const accountId = await accountOf(personId);
    // Only the security administrator unlocks; the system administrator may not.
    await http()
      .post(`/accounts/${accountId}/unlock`)
      .set(await asAdmin(api, 'system_admin'))
      .expect(403);
    await http()
      .post(`/accounts/${accountId}/unlock`)
      .set(await asAdmin(api, 'security_admin'))
      .expect(200);
    await login(personId).expect(200);
  });

  it('limits sign-in attempts per user name and says when to retry', async () => {
    const name = id('hammered');
    let limited: request.Response | undefined;
    for (let i = 0; i < 14 && !limited; i += 1) {
      const response = await login(name, 'Wrong-Password-1');
      if (response.status === 429) limited = response;
      else expect(response.status).toBe(401);
    }
    expect(limited?.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('renews tokens once per refresh token, and logout ends the session', async () => {
    const first = (await login(id('staff')).expect(200)).body;
    const renewed = await http().post('/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200);
    expect(renewed.body.accessToken).not.toBe(first.accessToken);
    await http().post('/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    await http().get('/auth/me').set('Authorization', `Bearer ${first.accessToken}`).expect(401);
    const current = { Authorization: `Bearer ${renewed.body.accessToken}` };
    await http().get('/auth/me').set(current).expect(200);
    await http().post('/auth/logout').set(current).expect(204);
    const after = await http().get('/auth/me').set(current).expect(401);
    expect(after.body.error.code).toBe('TOKEN_INVALID');
    await http().post('/auth/refresh').send({ refreshToken: renewed.body.refreshToken }).expect(401);
  });

  it('ends sessions at once when an administrator revokes them or disables the account', async () => {
    const personId = await newPerson('revoked');
    const accountId = await accountOf(personId);
    const token = { Authorization: `Bearer ${(await login(personId).expect(200)).body.accessToken}` };
    await http().get('/auth/me').set(token).expect(200);
    const revoked = await http()
      .post(`/accounts/${accountId}/revoke-sessions`)
      .set(await asAdmin(api, 'security_admin'))
      .expect(200);
    expect(revoked.body).toEqual({ revoked: 1 });
    await http().get('/auth/me').set(token).expect(401);

    const again = { Authorization: `Bearer ${(await login(personId).expect(200)).body.accessToken}` };
    await http()
      .post(`/accounts/${accountId}/disable`)
      .set(await asAdmin(api, 'system_admin'))
      .expect(200);
    await http().get('/auth/me').set(again).expect(401);
    expect((await login(personId).expect(401)).body.error.code).toBe('ACCOUNT_DISABLED');
    await http()
      .post(`/accounts/${accountId}/enable`)
      .set(await asAdmin(api, 'system_admin'))
      .expect(200);
    await login(personId).expect(200);
  });

  it('expires an access token after its lifetime and a session after idling or its maximum', async () => {
    const tokens = (await login(id('staff')).expect(200)).body;
    const t0 = Date.now();
    await expect(identity().authenticate(tokens.accessToken, new Date(t0 + 16 * 60_000))).rejects.toMatchObject({
      code: 'TOKEN_EXPIRED',
    });
    // Idle for longer than AUTH_IDLE_TIMEOUT_SECONDS (30 min): the session itself ends.
    await expect(identity().refresh(tokens.refreshToken, new Date(t0 + 31 * 60_000))).rejects.toMatchObject({
      code: 'SESSION_EXPIRED',
    });
    await http().post('/auth/refresh').send({ refreshToken: tokens.refreshToken }).expect(401);

    const other = (await login(id('staff')).expect(200)).body;
    // Used every 10 minutes it lives on, but not past AUTH_SESSION_MAX_SECONDS (8 h).
    let refreshToken = other.refreshToken as string;
    for (let minutes = 10; minutes < 8 * 60; minutes += 10) {
      refreshToken = (await identity().refresh(refreshToken, new Date(t0 + minutes * 60_000))).refreshToken;
    }
    await expect(identity().refresh(refreshToken, new Date(t0 + 8 * 60 * 60_000 + 1000))).rejects.toMatchObject({
      code: 'SESSION_EXPIRED',
    });
  });

  it('removes sessions a week after they end, and no sooner', async () => {
    const db = api.get(DataSource);
    const open = async () => {
      const tokens = (await login(id('staff')).expect(200)).body;
      return tokenHash(tokens.refreshToken as string);
    };
    const [recent, old] = [await open(), await open()];
    const endedAgo = (hash: string, days: number) =>
      db.query(`UPDATE auth_session SET expires_at = now() - make_interval(days => $2) WHERE refresh_hash = $1`, [
        hash,
        days,
      ]);
    await endedAgo(recent, 6);
    await endedAgo(old, 8);
    await identity().purgeSessions();
    const left = async (hash: string) =>
      (await db.query<unknown[]>('SELECT 1 FROM auth_session WHERE refresh_hash = $1', [hash])).length;
    expect(await left(recent)).toBe(1);
    expect(await left(old)).toBe(0);
  });

  it('asks for a one-time code once TOTP is enabled, and takes each code once', async () => {
    const personId = await newPerson('totp');
    const token = { Authorization: `Bearer ${(await login(personId).expect(200)).body.accessToken}` };
    const enrolled = await http().post('/auth/totp/enroll').set(token).expect(200);
    expect(enrolled.body.otpauthUri).toContain(`secret=${enrolled.body.secret}`);
    const secret = enrolled.body.secret as string;
    const step = totpStep(new Date());
    await http().post('/auth/totp/confirm').set(token).send({ code: '000000' }).expect(400);
    await http()
      .post('/auth/totp/confirm')
      .set(token)
      .send({ code: totpCode(secret, step) })
      .expect(200);
    expect((await login(personId).expect(401)).body.error.code).toBe('TOTP_REQUIRED');
    // The code that confirmed enrolment has been used; the next step's code works, once.
    expect(
      (await login(personId, TEST_PASSWORD, { totpCode: totpCode(secret, step) }).expect(401)).body.error.code,
    ).toBe('TOTP_INVALID');
    await login(personId, TEST_PASSWORD, { totpCode: totpCode(secret, step + 1) }).expect(200);
    await login(personId, TEST_PASSWORD, { totpCode: totpCode(secret, step + 1) }).expect(401);
    const stored: { totp_secret: string }[] = await api
      .get(DataSource)
      .query('SELECT totp_secret FROM account WHERE username = $1', [personId]);
    expect(stored[0].totp_secret).toMatch(/^v1\./);
    expect(stored[0].totp_secret).not.toContain(secret);
  });

  it('keeps administrators out of business, and business users out of administration (三员分立)', async () => {
    const staff = auth(id('staff'));
    for (const role of ['system_admin', 'security_admin', 'audit_admin'] as const) {
      const admin = await asAdmin(api, role);
      const refused = await http().get('/rectification-items').set(admin).expect(403);
      expect(refused.body.error.code).toBe('ROLE_NOT_ALLOWED');
      await http().post('/campaigns').set(admin).send({}).expect(403);
    }
    await http().get('/accounts').set(staff).expect(403);
    await http().post('/org-units').set(staff).send({}).expect(403);
    await http()
      .get('/accounts')
      .set(await asAdmin(api, 'audit_admin'))
      .expect(403);
    // Granting roles is the security administrator's, not the system administrator's.
    await http()
      .put(`/people/${id('staff')}/roles`)
      .set(await asAdmin(api, 'system_admin'))
      .send({ roles: ['manager'] })
      .expect(403);
    await http().get('/rectification-items').set(staff).expect(200);
  });

  it('lets a user change their own password, ending their other sessions', async () => {
    const personId = await newPerson('changer');
    const one = { Authorization: `Bearer ${(await login(personId).expect(200)).body.accessToken}` };
    const two = { Authorization: `Bearer ${(await login(personId).expect(200)).body.accessToken}` };
    await http()
      .post('/auth/password')
      .set(one)
      .send({ currentPassword: 'Not-The-Password-1', newPassword: 'Another-Password-9' })
      .expect(403);
    await http()
      .post('/auth/password')
      .set(one)
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'short' })
      .expect(400);
    await http()
      .post('/auth/password')
      .set(one)
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'Another-Password-9' })
      .expect(204);
    await http().get('/auth/me').set(one).expect(200);
    await http().get('/auth/me').set(two).expect(401);
    await login(personId).expect(401);
    await login(personId, 'Another-Password-9').expect(200);
  });
});

describe('HTTP hardening', () => {
  let api: NestExpressApplication;
  const http = () => request(api.getHttpServer());

  beforeAll(async () => {
    api = await startApi(testConfig());
  });

  afterAll(async () => {
    await api?.close();
  });

  it('sends the security headers on answers and errors alike', async () => {
    for (const response of [
      await http().get('/health'),
      await http().get('/no-such-route').expect(404),
      await http().get('/rectification-items').expect(401),
    ]) {
      expect(response.headers).toMatchObject({
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
      });
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('refuses a body over the limit, and unknown fields, with the error model', async () => {
    const huge = await http()
      .post('/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ username: 'x', password: 'y'.repeat(1_100_000) }))
      .expect(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const unknown = await http()
      .post('/auth/login')
      .send({ username: 'someone', password: 'whatever-it-is', admin: true })
      .expect(400);
    expect(unknown.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'admin' });
  });
});
