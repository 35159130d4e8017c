import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CAMPAIGN_LEVELS, type CampaignLevel } from '@lib/contracts';

/** Body of `POST /campaigns`. */
export class LaunchCampaignDto {
  /** Business key of the campaign: lower-case letters, digits and dashes. */
  @Matches(/^[a-z0-9][a-z0-9-]{2,63}$/, { message: 'campaignId must be 3–64 lower-case letters, digits or dashes' })
  campaignId!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @IsIn(CAMPAIGN_LEVELS)
  level!: CampaignLevel;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  organiser!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  legalBasis?: string;
}
