import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { as } from './auth';
import { eventually } from './eventually';
import { createOrganisation } from './organisation';

export interface CampaignSpec {
  /** The committee that runs the campaign (and whose staff may record its inspection). */
  committeeUnitId: string;
  /** The government or district whose work it supervises. */
  jurisdictionUnitId: string;
  /**
   * Committee staff who launch it: of the committee's congress, or, for a campaign linked below
   * another, of the parent's. The campaign is read back as them.
   */
  launchedBy: string;
  campaignId?: string;
  title?: string;
  level?: 'province' | 'city' | 'county';
  legalBasis?: string;
  /** Launch it linked one level below this campaign (三级联动); its level is the one below the parent's. */
  parent?: { campaignId: string };
}

/**
 * Launch a campaign over HTTP and wait for its read-model row; returns its id. Every inspection
 * test makes its campaigns here, so a change of the launch body is made in this one place.
 */
export async function launchCampaign(api: NestExpressApplication, spec: CampaignSpec): Promise<string> {
  const { parent, launchedBy, ...body } = spec;
  const campaignId = body.campaignId ?? `insp-${randomUUID().slice(0, 8)}`;
  const http = () => request(api.getHttpServer());
  const launcher = await as(api, launchedBy);
  if (parent) {
    await http()
      .post(`/campaigns/${parent.campaignId}/actions/launch-linked`)
      .set(launcher)
      .send({
        campaigns: [
          {
            campaignId,
            organiser: '区人大常委会',
            committeeUnitId: body.committeeUnitId,
            jurisdictionUnitId: body.jurisdictionUnitId,
            ...(body.title ? { title: body.title } : {}),
          },
        ],
      })
      .expect(200);
  } else {
    await http()
      .post('/campaigns')
      .set(launcher)
      .send({
        title: '积极应对人口老龄化 加快发展养老服务',
        level: 'city',
        legalBasis: '《河南省养老服务条例》',
        ...body,
        campaignId,
      })
      .expect(202);
  }
  await eventually(() => http().get(`/campaigns/${campaignId}`).set(launcher).expect(200));
  return campaignId;
}

/**
 * The units and people an inspection needs, created as the administrators create them: the
 * congress and the committee running the campaign and another one, the government's departments,
 * districts and their departments, committee staff, two inspectors, city and district
 * department staff. Everyone is signed in: `auth(personId)` gives their `Authorization` header.
 */
export async function createCampaignCast(api: NestExpressApplication) {
  const s = randomUUID().slice(0, 8);
  const id = (name: string) => `${name}-${s}`;
  const c = {
    congress: id('zz-npc'),
    committee: id('zz-social'),
    otherCommittee: id('zz-finance-cmte'),
    government: id('zz-gov'),
    civil: id('civil'),
    health: id('health'),
    jinshui: id('jinshui'),
    erqi: id('erqi'),
    jinshuiCivil: id('jinshui-civil'),
    jinshuiHealth: id('jinshui-health'),
    erqiCivil: id('erqi-civil'),
    staff: id('staff'),
    otherStaff: id('other-staff'),
    inspector: id('inspector'),
    outsideInspector: id('outside-inspector'),
    handler: id('handler'),
    leader: id('leader'),
    jinshuiHandler: id('jinshui-handler'),
    jinshuiLeader: id('jinshui-leader'),
    erqiHandler: id('erqi-handler'),
  };
  const units = [
    { id: c.congress, name: '郑州市人大常委会', kind: 'congress', level: 'city' },
    { id: c.committee, name: '社会建设工作委员会', kind: 'committee', level: 'city', parentId: c.congress },
    { id: c.otherCommittee, name: '财政经济委员会', kind: 'committee', level: 'city', parentId: c.congress },
    { id: c.government, name: '郑州市人民政府', kind: 'government', level: 'city' },
    { id: c.civil, name: '市民政局', kind: 'department', parentId: c.government },
    { id: c.health, name: '市卫健委', kind: 'department', parentId: c.government },
    { id: c.jinshui, name: '金水区', kind: 'district', parentId: c.government },
    { id: c.erqi, name: '二七区', kind: 'district', parentId: c.government },
    { id: c.jinshuiCivil, name: '金水区民政局', kind: 'department', parentId: c.jinshui },
    { id: c.jinshuiHealth, name: '金水区卫健委', kind: 'department', parentId: c.jinshui },
    { id: c.erqiCivil, name: '二七区民政局', kind: 'department', parentId: c.erqi },
  ];
  const people = [
    { id: c.staff, name: '王干事', unitId: c.committee, roles: ['committee_staff'] },
    { id: c.otherStaff, name: '周干事', unitId: c.otherCommittee, roles: ['committee_staff'] },
    { id: c.inspector, name: '陈代表', unitId: c.committee, roles: ['inspector'] },
    { id: c.outsideInspector, name: '刘代表', unitId: c.committee, roles: ['inspector'] },
    { id: c.handler, name: '张经办', unitId: c.civil, roles: ['department_handler'] },
    { id: c.leader, name: '赵局长', unitId: c.health, roles: ['department_leader'] },
    { id: c.jinshuiHandler, name: '金经办', unitId: c.jinshuiCivil, roles: ['department_handler'] },
    { id: c.jinshuiLeader, name: '孙局长', unitId: c.jinshuiHealth, roles: ['department_leader'] },
    { id: c.erqiHandler, name: '二经办', unitId: c.erqiCivil, roles: ['department_handler'] },
  ];
  const auth = await createOrganisation(api, units, people);
  return { ...c, auth };
}
export type CampaignCast = Awaited<ReturnType<typeof createCampaignCast>>;
