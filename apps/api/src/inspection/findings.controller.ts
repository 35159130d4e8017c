import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Inject, Param, Post, Query } from '@nestjs/common';
import { FindingsService } from '@lib/inspection';
import { actingPerson } from '../http/acting-person';
import {
  CreateFindingDto,
  DismissFindingDto,
  FindingListQuery,
  ListFindingDto,
  MergeFindingDto,
} from './inspection.dto';

/**
 * Findings (问题) and the problem list (问题清单). A finding's id is `<campaignId>/F-0001`;
 * under `/findings/` it is URL-encoded (`zz-2024%2FF-0001`).
 */
@Controller()
export class FindingsController {
  constructor(@Inject(FindingsService) private readonly findings: FindingsService) {}

  @Post('campaigns/:campaignId/findings')
  record(
    @Param('campaignId') campaignId: string,
    @Headers('x-person-id') personId: string | undefined,
    @Body() body: CreateFindingDto,
  ) {
    return this.findings.record(campaignId, actingPerson(personId), body);
  }

  @Get('campaigns/:campaignId/findings')
  search(@Param('campaignId') campaignId: string, @Query() query: FindingListQuery) {
    return this.findings.search(campaignId, query);
  }

  /** The finding with the activity it cites. */
  @Get('findings/:findingId')
  get(@Param('findingId') findingId: string, @Headers('x-person-id') viewerId: string | undefined) {
    return this.findings.get(findingId, viewerId);
  }

  @Post('findings/:findingId/merge')
  @HttpCode(HttpStatus.OK)
  merge(
    @Param('findingId') findingId: string,
    @Headers('x-person-id') personId: string | undefined,
    @Body() body: MergeFindingDto,
  ) {
    return this.findings.merge(findingId, actingPerson(personId), body.into);
  }

  @Post('findings/:findingId/dismiss')
  @HttpCode(HttpStatus.OK)
  dismiss(
    @Param('findingId') findingId: string,
    @Headers('x-person-id') personId: string | undefined,
    @Body() body: DismissFindingDto,
  ) {
    return this.findings.dismiss(findingId, actingPerson(personId), body.reason);
  }

  /** Put the finding on the problem list (列入问题清单) with its departments and policy. */
  @Post('findings/:findingId/list')
  @HttpCode(HttpStatus.OK)
  list(
    @Param('findingId') findingId: string,
    @Headers('x-person-id') personId: string | undefined,
    @Body() body: ListFindingDto,
  ) {
    return this.findings.putOnProblemList(findingId, actingPerson(personId), body);
  }
}
