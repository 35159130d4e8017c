import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startApi, testConfig } from './support/apps';
import { asAdmin } from './support/auth';

/** `Idempotency-Key` on creating requests: a retried POST answers the first outcome and acts once. */
describe('idempotency keys', () => {
  let api: NestExpressApplication;
  const s = randomUUID().slice(0, 8);
  const http = () => request(api.getHttpServer());
  const units = async (prefix: string) =>
    (await api.get(DataSource).query<{ id: string }[]>('SELECT id FROM org_unit WHERE id LIKE $1', [`${prefix}%`]))
      .length;

  beforeAll(async () => {
    api = await startApi(testConfig());
  });

  afterAll(async () => {
    await api?.close();
  });

  it('answers a retry with the first outcome and creates once', async () => {
    const system = await asAdmin(api, 'system_admin');
    const body = { id: `idem-${s}-a`, name: '某委员会', kind: 'committee', level: 'city' };
    const key = `create-unit-${s}`;
    const first = await http().post('/org-units').set(system).set('Idempotency-Key', key).send(body).expect(201);
    const retry = await http().post('/org-units').set(system).set('Idempotency-Key', key).send(body).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(await units(`idem-${s}-a`)).toBe(1);
    // Without a key, the same request is a second attempt and is refused as a duplicate.
    const again = await http().post('/org-units').set(system).send(body).expect(409);
    expect(again.body.error.code).toBe('UNIT_EXISTS');
  });

  it('refuses the same key for a different request, and changes nothing', async () => {
    const system = await asAdmin(api, 'system_admin');
    const key = `reused-${s}`;
    await http()
      .post('/org-units')
      .set(system)
      .set('Idempotency-Key', key)
      .send({ id: `idem-${s}-b`, name: '甲', kind: 'committee' })
      .expect(201);
    const reused = await http()
      .post('/org-units')
      .set(system)
      .set('Idempotency-Key', key)
      .send({ id: `idem-${s}-c`, name: '乙', kind: 'committee' })
      .expect(400);
    expect(reused.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'Idempotency-Key' });
    expect(reused.body.error.details[0].code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await units(`idem-${s}-c`)).toBe(0);
  });

  it('replays a refusal as it was first answered', async () => {
    const system = await asAdmin(api, 'system_admin');
    const key = `refused-${s}`;
    const body = { id: `idem-${s}-d`, name: '丙', kind: 'committee', parentId: 'no-such-parent' };
    const first = await http().post('/org-units').set(system).set('Idempotency-Key', key).send(body).expect(400);
    const retry = await http().post('/org-units').set(system).set('Idempotency-Key', key).send(body).expect(400);
    expect(retry.body).toEqual(first.body);
  });

  it('keeps keys apart per account, and checks their shape', async () => {
    const key = `shared-${s}`;
    await http()
      .post('/org-units')
      .set(await asAdmin(api, 'system_admin'))
      .set('Idempotency-Key', key)
      .send({ id: `idem-${s}-e`, name: '丁', kind: 'committee' })
      .expect(201);
    // Another account's same key is its own: here it reaches the route and is refused there.
    await http()
      .post('/org-units')
      .set(await asAdmin(api, 'security_admin'))
      .set('Idempotency-Key', key)
      .send({ id: `idem-${s}-e`, name: '丁', kind: 'committee' })
      .expect(403);
    const bad = await http()
      .post('/org-units')
      .set(await asAdmin(api, 'system_admin'))
      .set('Idempotency-Key', 'bad key!')
      .send({ id: `idem-${s}-f`, name: '戊', kind: 'committee' })
      .expect(400);
    expect(bad.body.error).toMatchObject({ code: 'IDEMPOTENCY_KEY_INVALID', field: 'Idempotency-Key' });
    expect(await units(`idem-${s}-f`)).toBe(0);
  });
});
