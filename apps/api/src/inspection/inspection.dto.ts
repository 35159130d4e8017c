import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  ACTIVITY_KINDS,
  FINDING_STATUSES,
  GROUP_KINDS,
  SEVERITIES,
  type ActivityKind,
  type FindingStatus,
  type GroupKind,
  type Severity,
} from '@lib/inspection';
import { policySchema } from '@lib/rectification';
import { zodSchema } from '../http/openapi';
import { PageQuery } from '../http/page.dto';

/** Ids of units, people and records; a campaign's records are `<campaignId>/<local id>` or just the local id. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/;
const ID_MESSAGE = 'ids are 1–128 letters, digits, dots, dashes, underscores or slashes';
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;
/** A hand-off's policy fields, as the rectification policy's own schema checks them. */
const POLICY = { allOf: [zodSchema(policySchema)], description: 'Policy fields; those left out take the defaults' };

// ── checklist (监督重点内容清单) ──────────────────────────────────────────────────────────

export class ChecklistEntryDto {
  @IsInt()
  @Min(1)
  @Max(999)
  itemNo!: number;

  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  content!: string;

  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  groupId?: string | null;
}

export class FocalPointDto {
  @IsInt()
  @Min(1)
  @Max(999)
  focalPointNo!: number;

  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  focalPoint!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ChecklistEntryDto)
  items!: ChecklistEntryDto[];
}

/** Body of `PUT /campaigns/:campaignId/checklist`: the whole list. */
export class ChecklistDto {
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => FocalPointDto)
  focalPoints!: FocalPointDto[];
}

// ── inspection groups (专题调研组 / 执法检查组) ─────────────────────────────────────────────

/** Body of `POST …/groups` and `PUT …/groups/:groupId`: the group's fields, each time as a whole. */
export class GroupDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsIn(GROUP_KINDS)
  kind!: GroupKind;

  @IsOptional()
  @ArrayMaxSize(200)
  @Matches(ID, { each: true, message: ID_MESSAGE })
  memberIds?: string[];

  @IsOptional()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(100, { each: true })
  deputyNames?: string[];

  @IsOptional()
  @ArrayMaxSize(500)
  @Matches(ID, { each: true, message: ID_MESSAGE })
  districtIds?: string[];
}

export class AssignChecklistItemsDto {
  @IsArray()
  @ArrayMaxSize(2000)
  @Matches(ID, { each: true, message: ID_MESSAGE })
  itemIds!: string[];
}

// ── inspection activities (听、查、询) ────────────────────────────────────────────────────

export class CreateActivityDto {
  @IsIn(ACTIVITY_KINDS)
  kind!: ActivityKind;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  groupId?: string;

  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  unitId?: string;

  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  districtId?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  location?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'occurredOn must be a date YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'occurredOn must be a date YYYY-MM-DD' })
  occurredOn?: string;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;
}

/** Query of `GET /campaigns/:id/activities`. */
export class ActivityListQuery extends PageQuery {
  @IsOptional()
  @IsIn(ACTIVITY_KINDS)
  kind?: ActivityKind;

  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  groupId?: string;
}

// ── questionnaire answers (问卷调查) ──────────────────────────────────────────────────────

export class AnswerDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  question!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  answer!: string;
}

/** Body of `POST …/activities/:activityId/answers`: one batch, imported once by its key. */
export class AnswerBatchDto {
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/, {
    message: 'batchKey is 1–128 letters, digits, dots, dashes, underscores, colons or slashes',
  })
  batchKey!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100_000)
  @ValidateNested({ each: true })
  @Type(() => AnswerDto)
  answers!: AnswerDto[];

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  respondents?: number;
}

// ── findings (问题) and the problem list (问题清单) ────────────────────────────────────────

export class EvidenceDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @Matches(URI, { message: 'uri must be a URI with a scheme (https:, oss:, …)' })
  @MaxLength(2000)
  uri!: string;
}

export class CreateFindingDto {
  @Matches(ID, { message: ID_MESSAGE })
  activityId!: string;

  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  checklistItemId?: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  description!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  location?: string;

  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  districtId?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence?: EvidenceDto[];

  @IsIn(SEVERITIES)
  severity!: Severity;
}

/** Query of `GET /campaigns/:id/findings`. */
export class FindingListQuery extends PageQuery {
  @IsOptional()
  @IsIn(FINDING_STATUSES)
  status?: FindingStatus;

  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  activityId?: string;

  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  checklistItemId?: string;
}

export class MergeFindingDto {
  /** The finding that stays. */
  @ApiProperty({ description: 'The finding that stays' })
  @Matches(ID, { message: ID_MESSAGE })
  into!: string;
}

export class DismissFindingDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export class ListFindingDto {
  @Matches(ID, { message: ID_MESSAGE })
  leadDepartmentId!: string;

  @IsOptional()
  @ArrayMaxSize(20)
  @Matches(ID, { each: true, message: ID_MESSAGE })
  coDepartmentIds?: string[];

  /** Checked field by field by the rectification policy's own rules. */
  @ApiPropertyOptional(POLICY)
  @IsOptional()
  @IsObject()
  policy?: Record<string, unknown>;
}

// ── special inquiry (专题询问) ────────────────────────────────────────────────────────────

export class CreateQuestionDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  question!: string;

  @Matches(ID, { message: ID_MESSAGE })
  toUnitId!: string;

  @IsOptional()
  @ArrayMaxSize(50)
  @Matches(ID, { each: true, message: ID_MESSAGE })
  findingIds?: string[];

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  askedBy?: string;
}

export class AnswerQuestionDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(8000)
  answer!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  answeredBy?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  commitment?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  commitmentTitle?: string;

  @ApiPropertyOptional(POLICY)
  @IsOptional()
  @IsObject()
  policy?: Record<string, unknown>;
}

// ── outcome targets ───────────────────────────────────────────────────────────────────

export class DefineTargetDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  label!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  unit!: string;

  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 })
  @Min(0)
  @Max(1e12)
  target!: number;
}

export class TargetReportDto {
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 })
  @Min(0)
  @Max(1e12)
  value!: number;
}
