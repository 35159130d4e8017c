import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { CampaignsService } from '@lib/campaigns';
import type { CampaignActionName } from '@lib/contracts';
import { ActingPerson } from '../http/acting-person';

/** Campaigns (监督项目): launch, committee actions, the campaign and its linked tree. */
@Controller('campaigns')
export class CampaignsController {
  constructor(@Inject(CampaignsService) private readonly campaigns: CampaignsService) {}

  /** Launch a campaign: starts its workflow; the read model follows within moments. */
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  launch(@Body() body: Record<string, unknown>) {
    return this.campaigns.launch(body);
  }

  @Get(':campaignId')
  get(@Param('campaignId') campaignId: string) {
    return this.campaigns.get(campaignId);
  }

  @Get(':campaignId/state')
  state(@Param('campaignId') campaignId: string) {
    return this.campaigns.state(campaignId);
  }

  /** `advance-phase`, `hand-off`, `launch-linked`, `start-look-back`, `close`. */
  @Post(':campaignId/actions/:action')
  @HttpCode(HttpStatus.OK)
  act(
    @Param('campaignId') campaignId: string,
    @Param('action') action: string,
    @Headers() headers: Record<string, string | undefined>,
    @Body() body: Record<string, unknown>,
  ) {
    const { personId, idempotencyKey } = ActingPerson.from(headers);
    return this.campaigns.act(campaignId, action as CampaignActionName, personId, body ?? {}, idempotencyKey);
  }
}
