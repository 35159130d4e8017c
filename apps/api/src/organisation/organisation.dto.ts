import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { UNIT_KINDS, type UnitKind } from '@lib/contracts';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ID_MESSAGE = 'ids are 1–64 letters, digits, dots, dashes or underscores';

/** Body of `POST /org-units`. */
export class CreateUnitDto {
  @Matches(ID, { message: ID_MESSAGE })
  id!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsIn(UNIT_KINDS)
  kind!: UnitKind;

  @IsOptional()
  @IsIn(['province', 'city', 'county'])
  level?: 'province' | 'city' | 'county';

  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  parentId?: string;
}

/** Body of `POST /people`; roles are granted separately by the security administrator. */
export class CreatePersonDto {
  @Matches(ID, { message: ID_MESSAGE })
  id!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @Matches(ID, { message: ID_MESSAGE })
  unitId!: string;
}
