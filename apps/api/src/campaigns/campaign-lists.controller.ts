import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Inject, Param, Post, Query } from '@nestjs/common';
import { DynamicListService, LookBackService } from '@lib/campaigns';
import { OrganisationService } from '@lib/organisation';
import { ActingPerson } from '../http/acting-person';
import { DynamicListQuery, LookBackOutcomeBody, TakeSnapshotBody } from './dynamic-list.dto';

/** What managers and committee staff read across a campaign and its linked campaigns. */
@Controller()
export class CampaignListsController {
  constructor(
    @Inject(DynamicListService) private readonly lists: DynamicListService,
    @Inject(LookBackService) private readonly lookBack: LookBackService,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
  ) {}

  /** The dynamic list (动态清单): every item of the campaign and those linked below, overdue first. */
  @Get('campaigns/:campaignId/dynamic-list')
  dynamicList(@Param('campaignId') campaignId: string, @Query() query: DynamicListQuery) {
    const { withTotal, ...filter } = query;
    return this.lists.list(campaignId, filter, withTotal ?? false);
  }

  /** Counts per campaign, rolled up level by level. */
  @Get('campaigns/:campaignId/roll-up')
  rollUp(@Param('campaignId') campaignId: string) {
    return this.lists.rollUp(campaignId);
  }

  /** Freeze the dynamic list as it stands now, for a session or a report. */
  @Post('campaigns/:campaignId/snapshots')
  @HttpCode(HttpStatus.CREATED)
  async snapshot(
    @Param('campaignId') campaignId: string,
    @Headers() headers: Record<string, string | undefined>,
    @Body() body: TakeSnapshotBody,
  ) {
    const { personId } = ActingPerson.from(headers);
    await this.organisation.actor(personId);
    const { label, ...filter } = body;
    delete filter.withTotal;
    return this.lists.snapshot(campaignId, label, filter, personId);
  }

  @Get('list-snapshots/:snapshotId')
  getSnapshot(
    @Param('snapshotId') snapshotId: string,
    @Query('limit') limit?: string,
    @Query('offset') offset?: string,
  ) {
    return this.lists.getSnapshot(snapshotId, Number(limit ?? 50) || 50, Number(offset ?? 0) || 0);
  }

  @Get('campaigns/:campaignId/look-back')
  lookBackSelection(@Param('campaignId') campaignId: string) {
    return this.lookBack.selection(campaignId);
  }

  /** Record what re-inspecting a selected item found; a relapse reopens it in a new round. */
  @Post('campaigns/:campaignId/look-back/:itemId')
  @HttpCode(HttpStatus.OK)
  recordLookBack(
    @Param('campaignId') campaignId: string,
    @Param('itemId') itemId: string,
    @Headers() headers: Record<string, string | undefined>,
    @Body() body: LookBackOutcomeBody,
  ) {
    const { personId, idempotencyKey } = ActingPerson.from(headers);
    return this.lookBack.record(campaignId, itemId, personId, body, idempotencyKey);
  }
}
