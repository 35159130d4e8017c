import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ValidationError } from '@lib/errors';
import { TargetsService } from '@lib/inspection';
import type { Principal } from '@lib/contracts';
import { Acting, CampaignStandings, personOf } from '../http/access.decorators';
import { PageQuery } from '../http/page.dto';
import { DefineTargetDto, TargetReportDto } from './inspection.dto';

const KEY = /^[a-z][a-z0-9_]{0,63}$/;

function targetKey(key: string): string {
  if (!KEY.test(key)) {
    throw new ValidationError([
      { field: 'key', code: 'matches', message: 'a target key is 1–64 lower-case letters, digits or underscores' },
    ]);
  }
  return key;
}

/** Outcome targets of a campaign and what departments report achieved, rolled up the linked tree. */
@Controller('campaigns/:campaignId/targets')
@ApiTags('inspection')
export class TargetsController {
  constructor(@Inject(TargetsService) private readonly targets: TargetsService) {}

  @Get()
  @ApiOperation({ summary: 'A page of the outcome targets, by key, with what was achieved, rolled up the linked tree' })
  @CampaignStandings('own', 'linked', 'participant')
  list(@Param('campaignId') campaignId: string, @Query() page: PageQuery) {
    return this.targets.list(campaignId, page);
  }

  /** Set a target (or change it). */
  @Put(':key')
  @ApiOperation({ summary: 'Set a target, or change it' })
  @ApiParam({ name: 'key', schema: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$' } })
  define(
    @Param('campaignId') campaignId: string,
    @Param('key') key: string,
    @Acting() principal: Principal,
    @Body() body: DefineTargetDto,
  ) {
    return this.targets.define(campaignId, targetKey(key), personOf(principal), body);
  }

  /** A department reports what it achieved; its later report replaces the earlier one. */
  @Post(':key/reports')
  @ApiOperation({ summary: 'A department reports what it achieved; a later report replaces the earlier' })
  @ApiParam({ name: 'key', schema: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$' } })
  @CampaignStandings('own', 'participant')
  @HttpCode(HttpStatus.OK)
  report(
    @Param('campaignId') campaignId: string,
    @Param('key') key: string,
    @Acting() principal: Principal,
    @Body() body: TargetReportDto,
  ) {
    return this.targets.report(campaignId, targetKey(key), personOf(principal), body.value);
  }
}
