import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Inject, Param, Post, Put } from '@nestjs/common';
import { ValidationError } from '@lib/errors';
import { TargetsService } from '@lib/inspection';
import { actingPerson } from '../http/acting-person';
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
export class TargetsController {
  constructor(@Inject(TargetsService) private readonly targets: TargetsService) {}

  @Get()
  overview(@Param('campaignId') campaignId: string) {
    return this.targets.overview(campaignId);
  }

  /** Set a target (or change it). */
  @Put(':key')
  define(
    @Param('campaignId') campaignId: string,
    @Param('key') key: string,
    @Headers('x-person-id') personId: string | undefined,
    @Body() body: DefineTargetDto,
  ) {
    return this.targets.define(campaignId, targetKey(key), actingPerson(personId), body);
  }

  /** A department reports what it achieved; its later report replaces the earlier one. */
  @Post(':key/reports')
  @HttpCode(HttpStatus.OK)
  report(
    @Param('campaignId') campaignId: string,
    @Param('key') key: string,
    @Headers('x-person-id') personId: string | undefined,
    @Body() body: TargetReportDto,
  ) {
    return this.targets.report(campaignId, targetKey(key), actingPerson(personId), body.value);
  }
}
