import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Inject, Param, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AccessService } from '@lib/access';
import { CampaignsService, parseLaunch } from '@lib/campaigns';
import type { CampaignActionName, Principal } from '@lib/contracts';
import { Acting, CampaignStandings, personOf } from '../http/access.decorators';
import { idempotencyKey } from '../http/idempotency-key';
import { CampaignListQuery } from './campaign-list.dto';
import { CAMPAIGN_ACTION_BODY, CAMPAIGN_ACTION_PARAM, LAUNCH_CAMPAIGN_BODY } from './campaign-bodies.dto';

/** Campaigns (监督项目): launch, committee actions, the campaign and its linked tree. */
@Controller('campaigns')
@ApiTags('campaigns')
export class CampaignsController {
  constructor(
    @Inject(CampaignsService) private readonly campaigns: CampaignsService,
    @Inject(AccessService) private readonly access: AccessService,
  ) {}

  /** Launch a campaign: starts its workflow; the read model follows within moments. */
  @Post()
  @ApiOperation({ summary: 'Launch a campaign: starts its workflow (202: the read model follows)' })
  @ApiBody(LAUNCH_CAMPAIGN_BODY)
  @ApiConflictResponse({ description: 'A campaign with this id exists' })
  @HttpCode(HttpStatus.ACCEPTED)
  async launch(@Acting() principal: Principal, @Body() body: Record<string, unknown>) {
    await this.access.requireCommitteeStaffOf(principal, parseLaunch(body).committeeUnitId);
    return this.campaigns.launch(body);
  }

  /** The campaigns the reader may see: their congress's and those linked below; a government unit's, over it. */
  @Get()
  async list(@Acting() principal: Principal, @Query() query: CampaignListQuery) {
    return this.campaigns.list({ ...query, visibleTo: await this.access.campaignScope(principal) });
  }

  @Get(':campaignId')
  @ApiOperation({ summary: 'The campaign with its linked campaigns' })
  @ApiNotFoundResponse({ description: 'No such campaign' })
  @CampaignStandings('own', 'linked', 'participant')
  get(@Param('campaignId') campaignId: string) {
    return this.campaigns.get(campaignId);
  }

  @Get(':campaignId/state')
  @ApiOperation({ summary: 'The campaign’s workflow state' })
  @ApiNotFoundResponse({ description: 'No such campaign' })
  @CampaignStandings('own', 'linked')
  state(@Param('campaignId') campaignId: string) {
    return this.campaigns.state(campaignId);
  }

  /** `advance-phase`, `hand-off`, `launch-linked`, `start-look-back`, `close`. */
  @Post(':campaignId/actions/:action')
  @ApiOperation({ summary: 'Perform a committee action on the campaign; an Idempotency-Key makes a retry safe' })
  @ApiParam(CAMPAIGN_ACTION_PARAM)
  @ApiBody(CAMPAIGN_ACTION_BODY)
  @ApiForbiddenResponse({ description: 'The person may not act for this campaign' })
  @ApiNotFoundResponse({ description: 'No such campaign or action' })
  @ApiConflictResponse({ description: 'Not possible in the campaign’s phase (INVALID_STATE, CAMPAIGN_CLOSED)' })
  @HttpCode(HttpStatus.OK)
  act(
    @Param('campaignId') campaignId: string,
    @Param('action') action: string,
    @Acting() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: Record<string, unknown>,
  ) {
    return this.campaigns.act(
      campaignId,
      action as CampaignActionName,
      personOf(principal),
      body ?? {},
      idempotencyKey(key),
    );
  }
}
