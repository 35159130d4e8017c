import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '@lib/contracts';
import { CampaignRecord, InspectionGroup } from '@lib/database';
import { ConflictError, DomainError, NotFoundError } from '@lib/errors';
import { OrganisationService } from '@lib/organisation';

/** What the inspection side needs to know of a campaign. */
export interface CampaignScope {
  id: string;
  level: string;
  /** Null only on campaigns launched before campaigns named their committee: no one acts there. */
  committeeUnitId: string | null;
  /** The owner of the shared checklist: the campaign itself unless it is linked below another. */
  rootCampaignId: string;
}

export function roleNotAllowed(message: string): DomainError {
  return new DomainError('ROLE_NOT_ALLOWED', 403, message, '无权执行此操作');
}

/** Who may record what during a campaign's inspection. */
@Injectable()
export class InspectionAccess {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
  ) {}

  async campaign(campaignId: string): Promise<CampaignScope> {
    const { id, level, committeeUnitId, rootCampaignId } = await this.read(campaignId);
    return { id, level, committeeUnitId, rootCampaignId };
  }

  /**
   * The campaign, for a change to its inspection records (checklist, groups, activities,
   * answers, findings, inquiry, targets). A closed campaign (its report made, 已结束) is a
   * record of what happened and stays as it is: every such change is refused.
   */
  async campaignForWriting(campaignId: string): Promise<CampaignScope> {
    const { phase, ...scope } = await this.read(campaignId);
    if (phase === 'closed') {
      throw new ConflictError(
        'CAMPAIGN_CLOSED',
        `campaign ${campaignId} is closed; its records can no longer change`,
        '监督项目已结束，其检查记录不能再修改',
      );
    }
    return scope;
  }

  private async read(campaignId: string): Promise<CampaignScope & { phase: string }> {
    const found = await this.dataSource.getRepository(CampaignRecord).findOne({
      where: { id: campaignId },
      select: { id: true, level: true, committeeUnitId: true, rootCampaignId: true, phase: true },
    });
    if (!found) throw new NotFoundError('Campaign', campaignId, '监督项目');
    return found;
  }

  actor(personId: string): Promise<Actor> {
    return this.organisation.actor(personId);
  }

  /** Committee staff of the campaign's own committee. */
  isCommitteeStaff(actor: Actor, campaign: CampaignScope): boolean {
    return (
      actor.roles.includes('committee_staff') &&
      campaign.committeeUnitId !== null &&
      actor.unitId === campaign.committeeUnitId
    );
  }

  requireCommitteeStaff(actor: Actor, campaign: CampaignScope): void {
    if (!this.isCommitteeStaff(actor, campaign)) {
      throw roleNotAllowed(`only committee staff of campaign ${campaign.id}'s committee may do this`);
    }
  }

  /**
   * Inspection records (activities, answers, findings) are kept by committee staff, and by the
   * inspectors of the group that did the work.
   */
  requireRecorder(actor: Actor, campaign: CampaignScope, group: InspectionGroup | null): void {
    if (this.isCommitteeStaff(actor, campaign)) return;
    if (actor.roles.includes('inspector') && group?.memberIds.includes(actor.personId)) return;
    throw roleNotAllowed(
      `only committee staff of campaign ${campaign.id}'s committee, or inspectors of the group, may record this`,
    );
  }

  /** Whether `viewer` may see what only a group's members see (where an unannounced visit went). */
  isInsider(viewer: Actor | null, campaign: CampaignScope, group: InspectionGroup | null): boolean {
    if (!viewer) return false;
    return this.isCommitteeStaff(viewer, campaign) || (group?.memberIds.includes(viewer.personId) ?? false);
  }

  async group(campaignId: string, groupId: string | null): Promise<InspectionGroup | null> {
    if (!groupId) return null;
    return this.dataSource.getRepository(InspectionGroup).findOneBy({ id: groupId, campaignId });
  }
}
