import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CampaignActivitiesService } from '@lib/campaigns';
import { campaignWorkflowId, type CampaignEvent } from '@lib/contracts';
import { eventually } from './support/eventually';
import { startApi, startWorker, testConfig } from './support/apps';
import type { AuthHeader } from './support/auth';
import { createOrganisation } from './support/organisation';

/** Launching and running a campaign: HTTP → Temporal workflow → activity → read model → HTTP. */
describe('launching a campaign end to end', () => {
  const config = testConfig();
  let worker: INestApplicationContext;
  let api: NestExpressApplication;
  const s = randomUUID().slice(0, 8);
  const id = (name: string) => `${name}-${s}`;
  const campaignId = `e2e-${s}`;
  const body = {
    campaignId,
    title: '积极应对人口老龄化 加快发展养老服务',
    level: 'city',
    committeeUnitId: id('zz-social'),
    jurisdictionUnitId: id('zz-gov'),
    legalBasis: '《河南省养老服务条例》',
  };
  const http = () => request(api.getHttpServer());
  let auth: (personId: string) => AuthHeader;
  const staff = () => auth(id('staff'));

  beforeAll(async () => {
    worker = await startWorker(config);
    api = await startApi(config);
    auth = await createOrganisation(
      api,
      [
        { id: id('zz-social'), name: '郑州市人大常委会社会建设工作委员会', kind: 'committee', level: 'city' },
        { id: id('zz-gov'), name: '郑州市人民政府', kind: 'government', level: 'city' },
      ],
      [
        { id: id('staff'), name: '王干事', unitId: id('zz-social'), roles: ['committee_staff'] },
        { id: id('deputy'), name: '刘代表', unitId: id('zz-social'), roles: ['inspector'] },
      ],
    );
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
  });

  it('starts the workflow under the business key and projects the read model', async () => {
    const launched = await http().post('/campaigns').set(staff()).send(body).expect(202);
    expect(launched.body).toEqual({ campaignId, workflowId: `campaign/${campaignId}` });
    const read = await eventually(() => http().get(`/campaigns/${campaignId}`).set(staff()).expect(200));
    expect(read.body).toMatchObject({
      id: campaignId,
      title: body.title,
      level: 'city',
      organiser: '郑州市人大常委会社会建设工作委员会',
      committeeUnitId: id('zz-social'),
      rootCampaignId: campaignId,
      depth: 0,
      phase: 'planning',
      phaseLight: 'green',
      lastSeq: 2,
      linked: [],
    });
    expect(read.body.phaseDueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('lists the campaigns the reader may see, filtered and sorted', async () => {
    const listed = await http().get('/campaigns').query({ level: 'city', sort: 'title' }).set(staff()).expect(200);
    expect((listed.body.items as { id: string }[]).map((c) => c.id)).toContain(campaignId);
    expect(listed.body.total).toBeGreaterThanOrEqual(1);
    const none = await http().get('/campaigns').query({ phase: 'report' }).set(staff()).expect(200);
    expect((none.body.items as { id: string }[]).map((c) => c.id)).not.toContain(campaignId);
    await http().get('/campaigns').query({ sort: 'secret_column' }).set(staff()).expect(400);
  });

  it('refuses a second launch of the same key and changes nothing', async () => {
    const again = await http()
      .post('/campaigns')
      .set(staff())
      .send({ ...body, title: 'other' })
      .expect(409);
    expect(again.body.error).toMatchObject({ code: 'CAMPAIGN_EXISTS', field: 'campaignId' });
    const read = await http().get(`/campaigns/${campaignId}`).set(staff()).expect(200);
    expect(read.body.title).toBe(body.title);
  });

  it('writes the read model once even when the activity is retried', async () => {
    const activities = worker.get(CampaignActivitiesService);
    const dataSource = worker.get(DataSource);
    const [first] = await dataSource.query<{ data: Omit<CampaignEvent, 'campaignId' | 'seq' | 'type'> }[]>(
      'SELECT data FROM event_log WHERE stream = $1 AND seq = 1',
      [campaignWorkflowId(campaignId)],
    );
    const replay: CampaignEvent = {
      ...first.data,
      campaignId,
      seq: 1,
      type: 'campaign.created',
      view: { ...first.data.view, title: 'retried' },
    };
    await activities.recordCampaignEvents([replay]);
    await activities.recordCampaignEvents([replay]);
    const rows: { count: string }[] = await dataSource.query('SELECT count(*) FROM event_log WHERE stream = $1', [
      campaignWorkflowId(campaignId),
    ]);
    expect(rows[0]?.count).toBe('2');
    expect((await http().get(`/campaigns/${campaignId}`).set(staff()).expect(200)).body.title).toBe(body.title);
  });

  it('advances through committee actions, refusing the wrong person with a code', async () => {
    const act = (action: string, person: string, payload: object = {}) =>
      http()
        .post(`/campaigns/${campaignId}/actions/${action}`)
        .set(auth(id(person)))
        .send(payload);
    const refused = await act('advance-phase', 'deputy').expect(403);
    expect(refused.body.error).toMatchObject({ code: 'ROLE_NOT_ALLOWED', messageZh: '无权执行此操作' });
    const early = await act('close', 'staff', { reason: '提前结束' }).expect(409);
    expect(early.body.error.code).toBe('INVALID_STATE');
    const unknownField = await act('advance-phase', 'staff', { phase: 'report' }).expect(400);
    expect(unknownField.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'phase' });
    const advanced = await act('advance-phase', 'staff', { note: '动员会已召开' }).expect(200);
    expect(advanced.body).toMatchObject({ phase: 'inspection' });
  });

  it('answers bad input with the error model', async () => {
    const bad = await http()
      .post('/campaigns')
      .set(staff())
      .send({ campaignId: 'Not Valid', title: '', level: 'town', committeeUnitId: 'x', unknown: true })
      .expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const fields = (bad.body.error.details as { field: string }[]).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['unknown', 'campaignId', 'title', 'level', 'jurisdictionUnitId']));
    const otherCommittee = await http()
      .post('/campaigns')
      .set(staff())
      .send({ ...body, campaignId: `e2e-other-${s}`, committeeUnitId: 'no-such-committee' })
      .expect(403);
    expect(otherCommittee.body.error).toMatchObject({ code: 'ROLE_NOT_ALLOWED', field: 'committeeUnitId' });
    await http().get('/campaigns/Not%20Valid').set(staff()).expect(404);
  });
});
