import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CampaignActivitiesService } from '@lib/campaigns';
import { campaignStateQuery, campaignWorkflowId, closeCampaignUpdate } from '@lib/contracts';
import { eventually } from './support/eventually';
import { startApi, startWorker, testConfig } from './support/apps';
import { testEnv } from './setup/test-env';

/** The first vertical slice: HTTP → Temporal workflow → activity → read model → HTTP. */
describe('launching a campaign end to end', () => {
  const config = testConfig();
  let worker: INestApplicationContext;
  let api: NestExpressApplication;
  let temporal: Client;
  let connection: Connection;

  beforeAll(async () => {
    worker = await startWorker(config);
    api = await startApi(config);
    connection = await Connection.connect({ address: testEnv('temporalAddress') });
    temporal = new Client({ connection });
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await connection?.close();
  });

  const campaignId = `e2e-${Date.now().toString(36)}`;
  const body = {
    campaignId,
    title: '积极应对人口老龄化 加快发展养老服务',
    level: 'city',
    organiser: '郑州市人大常委会',
    legalBasis: '《河南省养老服务条例》',
  };

  it('starts the workflow under the business key and projects the read model', async () => {
    const launched = await request(api.getHttpServer()).post('/campaigns').send(body).expect(202);
    expect(launched.body).toMatchObject({ campaignId, workflowId: `campaign/${campaignId}` });

    const description = await temporal.workflow.getHandle(campaignWorkflowId(campaignId)).describe();
    expect(description.type).toBe('campaignWorkflow');
    expect(description.taskQueue).toBe(config.TEMPORAL_TASK_QUEUE);

    const read = await eventually(() => request(api.getHttpServer()).get(`/campaigns/${campaignId}`).expect(200));
    expect(read.body).toMatchObject({
      id: campaignId,
      title: body.title,
      level: 'city',
      organiser: body.organiser,
      legalBasis: body.legalBasis,
      phase: 'planning',
      lastSeq: 1,
    });
  });

  it('refuses a second launch of the same key and changes nothing', async () => {
    const again = await request(api.getHttpServer())
      .post('/campaigns')
      .send({ ...body, title: 'other' })
      .expect(409);
    expect(again.body.error).toMatchObject({ code: 'CAMPAIGN_EXISTS', field: 'campaignId' });
    const read = await request(api.getHttpServer()).get(`/campaigns/${campaignId}`).expect(200);
    expect(read.body.title).toBe(body.title);
  });

  it('writes the read model once even when the activity is retried', async () => {
    const activities = worker.get(CampaignActivitiesService);
    const dataSource = worker.get(DataSource);
    const replay = {
      campaignId,
      seq: 1,
      type: 'campaign.created' as const,
      data: { ...body, title: 'retried', at: new Date().toISOString() },
    };
    await activities.projectCampaignEvent(replay);
    await activities.projectCampaignEvent(replay);
    const rows: { count: string }[] = await dataSource.query('SELECT count(*) FROM event_log WHERE stream = $1', [
      campaignWorkflowId(campaignId),
    ]);
    expect(rows[0]?.count).toBe('1');
    const read = await request(api.getHttpServer()).get(`/campaigns/${campaignId}`).expect(200);
    expect(read.body.title).toBe(body.title);
  });

  it('closes through a validated update, refusing a second close', async () => {
    const handle = temporal.workflow.getHandle(campaignWorkflowId(campaignId));
    await expect(handle.executeUpdate(closeCampaignUpdate, { args: [{ reason: ' ' }] })).rejects.toMatchObject({
      cause: { type: 'FIELD_REQUIRED' },
    });
    const closed = await handle.executeUpdate(closeCampaignUpdate, { args: [{ reason: 'report delivered' }] });
    expect(closed).toMatchObject({ phase: 'closed', lastSeq: 2 });
    await handle.result();
    await expect(handle.executeUpdate(closeCampaignUpdate, { args: [{ reason: 'again' }] })).rejects.toThrow();
    expect(await handle.query(campaignStateQuery)).toMatchObject({ phase: 'closed' });
    const read = await eventually(async () => {
      const response = await request(api.getHttpServer()).get(`/campaigns/${campaignId}`).expect(200);
      expect(response.body.phase).toBe('closed');
      return response;
    });
    expect(read.body.lastSeq).toBe(2);
  });

  it('answers bad input with the error model', async () => {
    const bad = await request(api.getHttpServer())
      .post('/campaigns')
      .send({ campaignId: 'Not Valid', title: '', level: 'town', organiser: 'x', unknown: true })
      .expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const fields = (bad.body.error.details as { field: string }[]).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['unknown', 'campaignId', 'title', 'level']));
    await request(api.getHttpServer()).get('/campaigns/Not%20Valid').expect(404);
  });
});
