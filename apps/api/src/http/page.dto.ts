import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Transform } from 'class-transformer';
import { PAGE_LIMIT_MAX } from '@lib/database';

/** How many rows a page holds: 1 to 200, 50 when absent. */
export class LimitQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PAGE_LIMIT_MAX)
  limit?: number;
}

/** A page of a list: `limit` rows after skipping `offset`. */
export class PageQuery extends LimitQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

/** Query of `GET /campaigns/:id/look-back`. */
export class LookBackListQuery extends PageQuery {
  /** `pending` (not yet recorded), `confirmed` or `relapsed`. */
  @IsOptional()
  @IsIn(['pending', 'confirmed', 'relapsed'])
  outcome?: 'pending' | 'confirmed' | 'relapsed';
}

/** Query of `GET /accounts`. */
export class AccountListQuery extends PageQuery {
  /** Part of the user name. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  disabled?: boolean;
}
