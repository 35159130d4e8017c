import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { campaignWorkflowId, type CampaignActivities, type CampaignEvent } from '@lib/contracts';
import { appendAndProject, CampaignRecord } from '@lib/database';

/** Activities of the campaign workflow: append its events and project them into `campaign`. */
@Injectable()
export class CampaignActivitiesService implements CampaignActivities {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async projectCampaignEvent(event: CampaignEvent): Promise<void> {
    const stream = campaignWorkflowId(event.campaignId);
    await appendAndProject(this.dataSource.manager, { stream, ...event }, async (tx) => {
      const campaigns = tx.getRepository(CampaignRecord);
      switch (event.type) {
        case 'campaign.created': {
          const d = event.data;
          await campaigns.insert({
            id: event.campaignId,
            workflowId: stream,
            title: String(d.title),
            level: String(d.level),
            organiser: String(d.organiser),
            legalBasis: typeof d.legalBasis === 'string' ? d.legalBasis : null,
            phase: 'planning',
            rootCampaignId: event.campaignId,
            depth: 0,
            phases: [],
            phaseLight: 'none',
            handedOff: 0,
            lastSeq: event.seq,
            createdAt: new Date(String(d.at)),
          });
          return;
        }
        case 'campaign.closed':
          await campaigns.update({ id: event.campaignId }, { phase: 'closed', lastSeq: event.seq });
          return;
      }
    });
  }
}
