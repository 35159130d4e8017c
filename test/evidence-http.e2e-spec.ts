import { randomUUID } from 'node:crypto';
import { createServer, get, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { samples } from '../libs/evidence/src/evidence-samples';
import { eventually } from './support/eventually';
import { startApi, startWorker, testConfig } from './support/apps';
import { asAdmin, type AuthHeader } from './support/auth';
import { createOrganisation } from './support/organisation';
import { expectBadPagesRefused, expectPagesOfWhole, type PageParams } from './support/paging';

/**
 * Evidence files over HTTP: a department uploads, those who may see the item download, the
 * kind is judged by content, and a completion cites the upload by its `evidence:` uri.
 */
describe('evidence files over HTTP', () => {
  const config = testConfig({ EVIDENCE_MAX_BYTES: '8192' });
  let worker: INestApplicationContext;
  let api: NestExpressApplication;
  let auth: (personId: string) => AuthHeader;
  const s = randomUUID().slice(0, 8);
  const unit = (name: string) => `${name}-${s}`;
  const as = (person: string) => auth(unit(person));
  const itemId = `ev-${s}/P-01`;
  const path = `/rectification-items/${encodeURIComponent(itemId)}`;
  const http = () => request(api.getHttpServer());
  const upload = (person: string, fileName: string, content: Buffer) =>
    http()
      .post(`${path}/evidence`)
      .query({ fileName })
      .set(as(person))
      .set('Content-Type', 'application/octet-stream')
      .send(content);
  const rows = async () =>
    (await api.get(DataSource).query<unknown[]>('SELECT 1 FROM evidence_file WHERE item_id = $1', [itemId])).length;

  beforeAll(async () => {
    worker = await startWorker(config);
    api = await startApi(config);
    auth = await createOrganisation(
      api,
      [
        { id: unit('npc'), name: '市人大常委会', kind: 'congress', level: 'city' },
        { id: unit('social'), name: '社会建设委员会', kind: 'committee', level: 'city', parentId: unit('npc') },
        { id: unit('gov'), name: '市人民政府', kind: 'government', level: 'city' },
        { id: unit('civil'), name: '市民政局', kind: 'department', parentId: unit('gov') },
        { id: unit('health'), name: '市卫健委', kind: 'department', parentId: unit('gov') },
        { id: unit('police'), name: '市公安局', kind: 'department', parentId: unit('gov') },
      ],
      [
        { id: unit('staff'), name: '王干事', unitId: unit('social'), roles: ['committee_staff'] },
        { id: unit('handler'), name: '张经办', unitId: unit('civil'), roles: ['department_handler'] },
        { id: unit('co-handler'), name: '赵经办', unitId: unit('health'), roles: ['department_handler'] },
        { id: unit('outsider'), name: '何经办', unitId: unit('police'), roles: ['department_handler'] },
      ],
    );
    await http()
      .post('/rectification-items')
      .set(as('staff'))
      .send({
        itemId,
        title: '养老机构消防设施不达标',
        description: '抽查发现消防通道堵塞',
        committeeUnitId: unit('social'),
        leadDepartmentId: unit('civil'),
        coDepartmentIds: [unit('health')],
      })
      .expect(202);
    await eventually(() => http().get(path).set(as('handler')).expect(200));
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
  });

  let uploaded: { id: string; uri: string; sha256: string; contentType: string; sizeBytes: number };

  it('takes a file from the item’s department, judged by its content', async () => {
    const pdf = samples.pdf();
    const response = await upload('handler', '整改报告.pdf', pdf).expect(201);
    uploaded = response.body;
    expect(uploaded).toMatchObject({ contentType: 'application/pdf', sizeBytes: pdf.length, name: '整改报告.pdf' });
    expect(uploaded.uri).toBe(`evidence:${uploaded.id}`);
    const listed = await http().get(`${path}/evidence`).set(as('co-handler')).expect(200);
    expect(listed.body).toEqual({ total: 1, items: [uploaded], limit: 50, offset: 0 });
  });

  it('refuses an executable named as a PDF, an oversized file and an empty one, storing nothing', async () => {
    const before = await rows();
    const exe = await upload('handler', 'report.pdf', samples.exe()).expect(415);
    expect(exe.body.error.code).toBe('EVIDENCE_TYPE_NOT_ALLOWED');
    const big = Buffer.concat([samples.pdf(), Buffer.alloc(9000, 0x20)]);
    expect((await upload('handler', 'big.pdf', big).expect(413)).body.error.code).toBe('EVIDENCE_TOO_LARGE');
    await upload('handler', 'empty.pdf', Buffer.alloc(0)).expect(400);
    const json = await http()
      .post(`${path}/evidence`)
      .query({ fileName: 'x.pdf' })
      .set(as('handler'))
      .send({ not: 'a file' })
      .expect(415);
    expect(json.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await rows()).toBe(before);
  });

  it('lets only the item’s departments upload, and hides the item from others', async () => {
    const staff = await upload('staff', 'photo.png', samples.png()).expect(403);
    expect(staff.body.error.code).toBe('UNIT_NOT_RESPONSIBLE');
    await upload('outsider', 'photo.png', samples.png()).expect(404);
    await http().get(`${path}/evidence`).set(as('outsider')).expect(404);
    await http().get(`${path}/evidence/${uploaded.id}`).set(as('outsider')).expect(404);
    await http()
      .get(`${path}/evidence/${uploaded.id}`)
      .set(await asAdmin(api, 'audit_admin'))
      .expect(403);
  });

  it('serves the file as an attachment to those who may see the item', async () => {
    const file = await http()
      .get(`${path}/evidence/${uploaded.id}`)
      .set(as('staff'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(Buffer.compare(file.body as Buffer, samples.pdf())).toBe(0);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    await http().get(`${path}/evidence/ev_does-not-exist`).set(as('staff')).expect(404);
    // Every access to evidence is in the audit trail, with who read which file.
    const recorded = await eventually(async () => {
      const rows = await api
        .get(DataSource)
        .query<{ actor_person_id: string; target: string }[]>(
          `SELECT actor_person_id, target FROM audit_log WHERE action = 'evidence.download' AND outcome = 'success'`,
        );
      const mine = rows.filter((r) => r.target.includes(uploaded.id));
      if (mine.length === 0) throw new Error('not recorded yet');
      return mine;
    });
    expect(recorded[0].actor_person_id).toBe(unit('staff'));
  });

  it('records a download even when the client hangs up as soon as the answer starts', async () => {
    const server = createServer(api.getHttpAdapter().getInstance() as RequestListener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const before = new Date();
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = get(
          { host: '127.0.0.1', port, path: `${path}/evidence/${uploaded.id}`, headers: as('co-handler') },
          (res) => {
            res.destroy(); // gone before reading a byte of the body
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
      });
      expect(status).toBe(200);
      const recorded = await eventually(async () => {
        const rows = await api.get(DataSource).query<{ actor_person_id: string }[]>(
          `SELECT actor_person_id FROM audit_log
            WHERE action = 'evidence.download' AND at >= $1 AND target LIKE '%' || $2 || '%'`,
          [before, uploaded.id],
        );
        const mine = rows.filter((r) => r.actor_person_id === unit('co-handler'));
        if (mine.length === 0) throw new Error('not recorded yet');
        return mine;
      });
      expect(recorded).toHaveLength(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('answers a retried upload with the first record', async () => {
    const key = `upload-${s}`;
    const first = await upload('handler', 'photo.jpg', samples.jpeg()).set('Idempotency-Key', key).expect(201);
    const again = await upload('handler', 'photo.jpg', samples.jpeg()).set('Idempotency-Key', key).expect(201);
    expect(again.body.id).toBe(first.body.id);
  });

  it('lists the item’s files a page at a time, oldest first', async () => {
    const third = await upload('co-handler', '现场照片.png', samples.png()).expect(201);
    const page = (person: string) => (query: PageParams) => http().get(`${path}/evidence`).set(as(person)).query(query);
    const whole = await expectPagesOfWhole<{ id: string; name: string }>(page('staff'), 2);
    expect(whole.total).toBe(3);
    expect(whole.items[0]).toEqual(uploaded);
    expect(whole.items.map((e) => e.name)).toEqual(['整改报告.pdf', 'photo.jpg', '现场照片.png']);
    expect(whole.items[2]).toEqual(third.body);
    await expectBadPagesRefused(page('handler'));
    // Paging asks nothing more of who may see the item, and tells outsiders nothing more.
    await http().get(`${path}/evidence`).set(as('outsider')).query({ limit: 1 }).expect(404);
    await http().get(`${path}/evidence`).set(as('outsider')).query({ limit: 0 }).expect(404);
  });

  it('records the upload’s hash when a completion cites it, and refuses another item’s file', async () => {
    const act = (action: string, person: string, body: object) =>
      http().post(`${path}/actions/${action}`).set(as(person)).send(body);
    await act('acknowledge', 'handler', {}).expect(200);
    await act('submit-plan', 'handler', { summary: '整改方案', measures: ['疏通消防通道'] }).expect(200);
    await act('review-plan', 'staff', { decision: 'approve' }).expect(200);
    const foreign = await act('submit-completion', 'handler', {
      summary: '已整改',
      evidence: [{ name: '别的', uri: 'evidence:ev_not-this-items' }],
    }).expect(400);
    expect(foreign.body.error.details[0].code).toBe('UNKNOWN_EVIDENCE');
    const done = await act('submit-completion', 'handler', {
      summary: '已整改',
      evidence: [{ name: '整改报告', uri: uploaded.uri }],
    }).expect(200);
    expect(done.body.status).toBe('completion_submitted');
    const state = await http().get(`${path}/state`).set(as('staff')).expect(200);
    expect(JSON.stringify(state.body)).toContain(uploaded.sha256);
  });
});
