import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@lib/config';
import {
  CAMPAIGN_ACTION_FIELDS,
  CAMPAIGN_ACTIONS,
  CAMPAIGN_WORKFLOW_TYPE,
  campaignStateQuery,
  campaignWorkflowId,
  levelBelow,
  type Actor,
  type CampaignActionName,
  type CampaignInput,
  type CampaignState,
  type CampaignView,
  type LinkedCampaignSpec,
} from '@lib/contracts';
import { CampaignRecord, pageOf, type Page } from '@lib/database';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '@lib/errors';
import { OrganisationService } from '@lib/organisation';
import { actionMessageZh, actionRefusal, startOnce } from '@lib/temporal';
import { campaignListSql, type CampaignListFilter } from './campaign-list';
import { parseLaunch } from './launch.schema';

/** Committee-side use cases of campaigns: launch, act, read the campaign and its linked tree. */
@Injectable()
export class CampaignsService {
  constructor(
    @Inject(Client) private readonly temporal: Client,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
  ) {}

  /** Launch a top-level campaign: validates the body and its units, then starts the workflow. */
  async launch(body: unknown): Promise<{ campaignId: string; workflowId: string }> {
    const request = parseLaunch(body);
    await this.organisation.requireUnits([
      { field: 'committeeUnitId', id: request.committeeUnitId, kinds: ['committee', 'congress'] },
      { field: 'jurisdictionUnitId', id: request.jurisdictionUnitId, kinds: ['government', 'district', 'congress'] },
    ]);
    const committee = await this.organisation.getUnit(request.committeeUnitId);
    return this.start({ ...request, organiser: committee.name, rootCampaignId: request.campaignId, depth: 0 });
  }

  /**
   * Start a campaign's workflow under its business key. A second start of the same key is
   * refused, whether the first is still running or long closed.
   */
  async start(input: CampaignInput): Promise<{ campaignId: string; workflowId: string }> {
    const workflowId = campaignWorkflowId(input.campaignId);
    await startOnce(
      this.temporal,
      { workflowType: CAMPAIGN_WORKFLOW_TYPE, workflowId, taskQueue: this.config.TEMPORAL_TASK_QUEUE, args: [input] },
      () =>
        new ConflictError(
          'CAMPAIGN_EXISTS',
          `campaign ${input.campaignId} already exists`,
          `监督项目已存在：${input.campaignId}`,
          'campaignId',
        ),
    );
    return { campaignId: input.campaignId, workflowId };
  }

  /** A committee action, as the given person; `requestId` makes a retried request act once. */
  async act(
    campaignId: string,
    action: CampaignActionName,
    personId: string,
    body: Record<string, unknown>,
    requestId?: string,
  ): Promise<CampaignView> {
    if (!Object.hasOwn(CAMPAIGN_ACTIONS, action)) throw new NotFoundError('Action', action, '操作');
    const unknown = Object.keys(body).filter((f) => !CAMPAIGN_ACTION_FIELDS[action].includes(f));
    if (unknown.length > 0) {
      throw new ValidationError(
        unknown.map((field) => ({ field, code: 'UNKNOWN_FIELD', message: `${field} is not a field of ${action}` })),
      );
    }
    if (action === 'launch-linked') await this.checkLinked(campaignId, body.campaigns);
    const actor = await this.organisation.actor(personId);
    const update = CAMPAIGN_ACTIONS[action] as typeof CAMPAIGN_ACTIONS.close;
    try {
      return await this.temporal.workflow.getHandle(campaignWorkflowId(campaignId)).executeUpdate(update, {
        // The workflow's rule checks every field it is given.
        args: [{ ...body, actor } as { actor: Actor; reason: string }],
        ...(requestId ? { updateId: requestId } : {}),
      });
    } catch (error) {
      const refused = actionRefusal(error);
      if (refused) throw refused;
      if (error instanceof WorkflowNotFoundError) {
        const known = await this.dataSource.getRepository(CampaignRecord).existsBy({ id: campaignId });
        if (known) {
          throw new DomainError(
            'CAMPAIGN_CLOSED',
            409,
            `campaign ${campaignId} is closed`,
            actionMessageZh('CAMPAIGN_CLOSED'),
          );
        }
        throw new NotFoundError('Campaign', campaignId, '监督项目');
      }
      throw error;
    }
  }

  /** Campaigns the reader may see, newest first unless sorted otherwise. */
  async list(filter: CampaignListFilter): Promise<Page<Record<string, unknown>>> {
    const { sql, countSql, params } = campaignListSql(filter);
    const countParams = params.slice(0, params.length - 2);
    const [items, [count]] = await Promise.all([
      this.dataSource.query<Record<string, unknown>[]>(sql, params),
      this.dataSource.query<{ total: number }[]>(countSql, countParams),
    ]);
    return pageOf(filter, count?.total ?? 0, items);
  }

  async get(campaignId: string): Promise<CampaignRecord & { linked: CampaignRecord[] }> {
    const found = await this.dataSource.getRepository(CampaignRecord).findOneBy({ id: campaignId });
    if (!found) throw new NotFoundError('Campaign', campaignId, '监督项目');
    const linked = await this.dataSource
      .getRepository(CampaignRecord)
      .find({ where: { parentCampaignId: campaignId }, order: { id: 'ASC' } });
    return { ...found, linked };
  }

  async state(campaignId: string): Promise<CampaignState> {
    try {
      return await this.temporal.workflow.getHandle(campaignWorkflowId(campaignId)).query(campaignStateQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new NotFoundError('Campaign', campaignId, '监督项目');
      throw error;
    }
  }

  /** The units a linked campaign names must exist and fit the level below, before anything starts. */
  private async checkLinked(campaignId: string, specs: unknown): Promise<void> {
    const parent = await this.dataSource.getRepository(CampaignRecord).findOneBy({ id: campaignId });
    if (!parent) throw new NotFoundError('Campaign', campaignId, '监督项目');
    if (!Array.isArray(specs) || !levelBelow(parent.level as CampaignInput['level'])) return; // the rule refuses
    await this.organisation.requireUnits(
      (specs as Partial<LinkedCampaignSpec>[]).flatMap((s, i) =>
        typeof s?.committeeUnitId === 'string' && typeof s.jurisdictionUnitId === 'string'
          ? [
              { field: `campaigns.${i}.committeeUnitId`, id: s.committeeUnitId, kinds: ['committee', 'congress'] },
              {
                field: `campaigns.${i}.jurisdictionUnitId`,
                id: s.jurisdictionUnitId,
                kinds: ['government', 'district', 'congress'],
              },
            ]
          : [],
      ),
    );
  }
}
