import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ESCALATION_LEVELS, RECTIFICATION_STATUSES } from '@lib/contracts';

/** Query of `GET /rectification-items`. */
export class ItemListQuery {
  @IsOptional()
  @IsString()
  @MaxLength(128)
  departmentId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  districtId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  campaignId?: string;

  @IsOptional()
  @IsIn(RECTIFICATION_STATUSES)
  status?: string;

  @IsOptional()
  @IsIn(['none', 'green', 'yellow', 'red'])
  trafficLight?: string;

  @IsOptional()
  @IsIn(ESCALATION_LEVELS)
  escalationLevel?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}
