import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ESCALATION_LEVELS, RECTIFICATION_STATUSES } from '@lib/contracts';
import { ITEM_SORTS, type ItemSort } from '@lib/rectification';
import { PageQuery } from '../http/page.dto';

/** Query of `GET /rectification-items`. */
export class ItemListQuery extends PageQuery {
  /** `urgency` (default: overdue first), `dueAt`, `-dueAt`, `assignedAt`, `-assignedAt`, `-updatedAt`, `-extensionCount`. */
  @IsOptional()
  @IsIn(Object.keys(ITEM_SORTS))
  sort?: ItemSort;

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

  /** Whose turn it is: the department's (its steps' deadlines) or the committee's (a plan to review, a completion to verify). */
  @IsOptional()
  @IsIn(['department', 'committee'])
  awaiting?: 'department' | 'committee';
}

/** Query of `GET /rectification-items/summary`. */
export class ItemSummaryQuery extends ItemListQuery {
  /** Group by lead department (default) or by district. */
  @IsOptional()
  @IsIn(['department', 'district'])
  by?: 'department' | 'district';

  /** With `campaignId`: count the campaigns linked below it too (default true), as its dynamic list does. */
  @ApiPropertyOptional({ description: 'With campaignId: count the campaigns linked below it too (default true)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeLinked?: boolean;
}
