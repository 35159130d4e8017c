import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DynamicListService, LookBackService } from '@lib/campaigns';
import type { Principal } from '@lib/contracts';
import { Acting, CampaignStandings, personOf } from '../http/access.decorators';
import { idempotencyKey } from '../http/idempotency-key';
import { LookBackListQuery, PageQuery } from '../http/page.dto';
import { DynamicListQuery, LookBackOutcomeBody, TakeSnapshotBody } from './dynamic-list.dto';

/** What managers and committee staff read across a campaign and its linked campaigns. */
@Controller()
@ApiTags('campaign-lists')
export class CampaignListsController {
  constructor(
    @Inject(DynamicListService) private readonly lists: DynamicListService,
    @Inject(LookBackService) private readonly lookBack: LookBackService,
  ) {}

  /** The dynamic list (动态清单): every item of the campaign and those linked below, overdue first. */
  @Get('campaigns/:campaignId/dynamic-list')
  @ApiOperation({ summary: 'The dynamic list (动态清单) of the campaign and those linked below, overdue first' })
  @CampaignStandings('own', 'linked')
  dynamicList(@Param('campaignId') campaignId: string, @Query() query: DynamicListQuery) {
    const { withTotal, ...filter } = query;
    return this.lists.list(campaignId, filter, withTotal ?? true);
  }

  /** Counts per campaign, rolled up level by level. */
  @Get('campaigns/:campaignId/roll-up')
  @ApiOperation({ summary: 'Counts per campaign, rolled up level by level' })
  @CampaignStandings('own', 'linked')
  rollUp(@Param('campaignId') campaignId: string) {
    return this.lists.rollUp(campaignId);
  }

  /** Freeze the dynamic list as it stands now, for a session or a report. */
  @Post('campaigns/:campaignId/snapshots')
  @ApiOperation({ summary: 'Freeze the dynamic list as it stands now, for a session or a report' })
  @HttpCode(HttpStatus.CREATED)
  snapshot(@Param('campaignId') campaignId: string, @Acting() principal: Principal, @Body() body: TakeSnapshotBody) {
    const personId = personOf(principal);
    const { label, ...filter } = body;
    delete filter.withTotal;
    return this.lists.snapshot(campaignId, label, filter, personId);
  }

  @Get('list-snapshots/:snapshotId')
  @ApiOperation({ summary: 'A frozen list, page by page' })
  @ApiNotFoundResponse({ description: 'No such snapshot' })
  @CampaignStandings('own', 'linked')
  getSnapshot(@Param('snapshotId') snapshotId: string, @Query() page: PageQuery) {
    return this.lists.getSnapshot(snapshotId, page);
  }

  @Get('campaigns/:campaignId/look-back')
  @CampaignStandings('own', 'linked')
  @ApiOperation({ summary: 'The items selected for the look-back (回头看)' })
  lookBackSelection(@Param('campaignId') campaignId: string, @Query() query: LookBackListQuery) {
    return this.lookBack.selection(campaignId, query);
  }

  /** Record what re-inspecting a selected item found; a relapse reopens it in a new round. */
  @Post('campaigns/:campaignId/look-back/:itemId')
  @ApiOperation({ summary: 'Record what re-inspecting a selected item found; a relapse reopens it' })
  @HttpCode(HttpStatus.OK)
  recordLookBack(
    @Param('campaignId') campaignId: string,
    @Param('itemId') itemId: string,
    @Acting() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: LookBackOutcomeBody,
  ) {
    return this.lookBack.record(campaignId, itemId, personOf(principal), body, idempotencyKey(key));
  }
}
