import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { AuditRecordView } from '@lib/audit';
import { eventually } from './support/eventually';
import { startApi, testConfig } from './support/apps';
import { asAdmin, TEST_PASSWORD, type AuthHeader } from './support/auth';
import { createOrganisation } from './support/organisation';

/** The audit trail as the API writes it, and as only the audit administrator reads it. */
describe('audit trail over HTTP', () => {
  let api: NestExpressApplication;
  let auth: (personId: string) => AuthHeader;
  const s = randomUUID().slice(0, 8);
  const id = (name: string) => `${name}-${s}`;
  const http = () => request(api.getHttpServer());
  const records = async (query: Record<string, string>) => {
    const page = await http()
      .get('/audit-log')
      .query({ limit: '200', ...query })
      .set(await asAdmin(api, 'audit_admin'))
      .expect(200);
    return page.body.items as AuditRecordView[];
  };
  const find = (query: Record<string, string>, match: (r: AuditRecordView) => boolean) =>
    eventually(async () => {
      const found = (await records(query)).find(match);
      if (!found) throw new Error(`no audit record for ${JSON.stringify(query)} yet`);
      return found;
    });

  let asSecurity: AuthHeader;

  beforeAll(async () => {
    api = await startApi(testConfig());
    asSecurity = await asAdmin(api, 'security_admin');
    auth = await createOrganisation(
      api,
      [{ id: id('committee'), name: '社会建设委员会', kind: 'committee', level: 'city' }],
      [{ id: id('staff'), name: '王干事', unitId: id('committee'), roles: ['committee_staff'] }],
    );
  });

  afterAll(async () => {
    await api?.close();
  });

  it('records sign-ins that succeed and fail: who, when, from where, outcome', async () => {
    const before = Date.now();
    await http()
      .post('/auth/login')
      .send({ username: id('staff'), password: TEST_PASSWORD })
      .expect(200);
    await http()
      .post('/auth/login')
      .send({ username: id('staff'), password: 'Wrong-Password-1' })
      .expect(401);
    const ok = await find({ action: 'auth.login', outcome: 'success' }, (r) => r.actor.username === id('staff'));
    expect(ok).toMatchObject({ actor: { personId: id('staff') }, outcome: 'success' });
    expect(ok.actor.accountId).toMatch(/^acc_/);
    expect(ok.sourceIp).toMatch(/127\.0\.0\.1|::1/);
    expect(Date.parse(ok.at)).toBeGreaterThanOrEqual(before - 1000);
    const failed = await find({ action: 'auth.login', outcome: 'denied' }, (r) => r.actor.username === id('staff'));
    expect(failed).toMatchObject({
      actor: { accountId: null },
      detail: expect.objectContaining({ error: 'INVALID_CREDENTIALS' }),
    });
    expect(JSON.stringify(failed)).not.toContain('Wrong-Password-1');
  });

  it('records permission changes with what was granted, and denied attempts', async () => {
    await http()
      .put(`/people/${id('staff')}/roles`)
      .set(await asAdmin(api, 'security_admin'))
      .send({ roles: ['committee_staff', 'manager'] })
      .expect(200);
    const granted = await find(
      { action: 'permission.roles_changed' },
      (r) => r.target === `personId=${id('staff')}` && (r.detail.roles as string[]).includes('manager'),
    );
    expect(granted).toMatchObject({
      outcome: 'success',
      detail: expect.objectContaining({ roles: ['committee_staff', 'manager'] }),
    });
    await http()
      .put(`/people/${id('staff')}/roles`)
      .set(auth(id('staff')))
      .send({ roles: ['manager'] })
      .expect(403);
    const denied = await find(
      { action: 'permission.roles_changed', outcome: 'denied' },
      (r) => r.actor.personId === id('staff'),
    );
    expect(denied.detail).toMatchObject({ status: 403, error: 'ROLE_NOT_ALLOWED' });
  });

  it('has a change in the trail before the change is reported done, and once', async () => {
    const roles = () =>
      api.get(DataSource).query<{ seq: string; detail: { status: number; roles: string[] } }[]>(
        `SELECT seq, detail FROM audit_log WHERE action = 'permission.roles_changed' AND target = $1
            AND outcome = 'success' ORDER BY seq`,
        [`personId=${id('staff')}`],
      );
    const before = (await roles()).length;
    const key = `roles-${s}`;
    const change = () =>
      http()
        .put(`/people/${id('staff')}/roles`)
        .set(asSecurity)
        .set('Idempotency-Key', key)
        .send({ roles: ['committee_staff'] });
    await change().expect(200);
    // Read at once, with no waiting: the record was appended before the answer was sent.
    const after = await roles();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)?.detail).toMatchObject({ status: 200, roles: ['committee_staff'] });
    // A retried request is answered from the first one's outcome, and recorded as such.
    await change().expect(200);
    expect(await roles()).toHaveLength(before + 2);
  });

  it('is readable by the audit administrator alone, and reading it is recorded', async () => {
    for (const header of [
      auth(id('staff')),
      await asAdmin(api, 'system_admin'),
      await asAdmin(api, 'security_admin'),
    ]) {
      await http().get('/audit-log').set(header).expect(403);
      await http().get('/audit-log/verify').set(header).expect(403);
    }
    await http().get('/audit-log').expect(401);
    await find({ action: 'audit.read' }, (r) => r.actor.username === 'test-audit-admin');
  });

  it('verifies its own hash chain', async () => {
    const verified = await http()
      .get('/audit-log/verify')
      .set(await asAdmin(api, 'audit_admin'))
      .expect(200);
    expect(verified.body).toMatchObject({ intact: true, problems: [] });
    expect(verified.body.checked).toBeGreaterThan(5);
  });

  it('pages newest first with a cursor, and refuses a malformed query', async () => {
    const first = await http()
      .get('/audit-log')
      .query({ limit: 2 })
      .set(await asAdmin(api, 'audit_admin'))
      .expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await http()
      .get('/audit-log')
      .query({ limit: 2, cursor: first.body.nextCursor })
      .set(await asAdmin(api, 'audit_admin'))
      .expect(200);
    expect(Number(second.body.items[0].seq)).toBeLessThan(Number(first.body.items[1].seq));
    await http()
      .get('/audit-log')
      .query({ outcome: 'maybe' })
      .set(await asAdmin(api, 'audit_admin'))
      .expect(400);
  });
});
