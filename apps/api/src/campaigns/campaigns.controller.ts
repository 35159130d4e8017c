import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { CampaignsService } from '@lib/campaigns';
import { LaunchCampaignDto } from './campaign.dto';

@Controller('campaigns')
export class CampaignsController {
  constructor(@Inject(CampaignsService) private readonly campaigns: CampaignsService) {}

  /** Launch a campaign: starts its workflow; the read model follows within moments. */
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  launch(@Body() body: LaunchCampaignDto) {
    return this.campaigns.launch(body);
  }

  @Get(':campaignId')
  get(@Param('campaignId') campaignId: string) {
    return this.campaigns.get(campaignId);
  }
}
