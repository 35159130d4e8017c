import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CAMPAIGN_SORTS, type CampaignSort } from '@lib/campaigns';
import { CAMPAIGN_LEVELS, CAMPAIGN_PHASES } from '@lib/contracts';
import { PageQuery } from '../http/page.dto';

/** Query of `GET /campaigns`. */
export class CampaignListQuery extends PageQuery {
  @IsOptional()
  @IsIn(CAMPAIGN_LEVELS)
  level?: string;

  @IsOptional()
  @IsIn(CAMPAIGN_PHASES)
  phase?: string;

  /** Words in the title. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @IsOptional()
  @IsIn(CAMPAIGN_SORTS)
  sort?: CampaignSort;
}
