import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CAMPAIGN_LEVELS } from '@lib/contracts';
import { ItemListQuery } from '../rectification/item-list.dto';

const asBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** Query of `GET /campaigns/:id/dynamic-list`. */
export class DynamicListQuery extends ItemListQuery {
  @IsOptional()
  @IsIn(CAMPAIGN_LEVELS)
  level?: string;

  /** Include the campaigns linked below (default true). */
  @ApiPropertyOptional({ description: 'Include the campaigns linked below (default true)' })
  @IsOptional()
  @Transform(asBoolean)
  @IsBoolean()
  includeLinked?: boolean;

  /** Count all matching items (default true); `false` skips the count and answers `total: null`. */
  @ApiPropertyOptional({ description: 'Count all matching items (default true); false skips the count: total null' })
  @IsOptional()
  @Transform(asBoolean)
  @IsBoolean()
  withTotal?: boolean;
}

/** Body of `POST /campaigns/:id/snapshots`: a label and the list's filter. */
export class TakeSnapshotBody extends DynamicListQuery {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  label!: string;
}

/** Body of `POST /campaigns/:id/look-back/:itemId`. */
export class LookBackOutcomeBody {
  @IsIn(['confirmed', 'relapsed'])
  outcome!: 'confirmed' | 'relapsed';

  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  findings!: string;
}
