import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { FindingsService } from '@lib/inspection';
import type { Principal } from '@lib/contracts';
import { Acting, personOf } from '../http/access.decorators';
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
@ApiTags('inspection')
export class FindingsController {
  constructor(@Inject(FindingsService) private readonly findings: FindingsService) {}

  @Post('campaigns/:campaignId/findings')
  @ApiOperation({ summary: 'Record a finding (问题) from an inspection activity' })
  record(@Param('campaignId') campaignId: string, @Acting() principal: Principal, @Body() body: CreateFindingDto) {
    return this.findings.record(campaignId, personOf(principal), body);
  }

  @Get('campaigns/:campaignId/findings')
  @ApiOperation({ summary: 'A page of the campaign’s findings, by id, filtered' })
  search(@Param('campaignId') campaignId: string, @Query() query: FindingListQuery) {
    return this.findings.search(campaignId, query);
  }

  /** The finding with the activity it cites. */
  @Get('findings/:findingId')
  @ApiOperation({ summary: 'The finding with the activity it cites' })
  @ApiParam({ name: 'findingId', description: 'The finding’s id `<campaignId>/F-0001`, URL-encoded' })
  @ApiNotFoundResponse({ description: 'No such finding' })
  get(@Param('findingId') findingId: string, @Acting() principal: Principal) {
    return this.findings.get(findingId, personOf(principal));
  }

  @Post('findings/:findingId/merge')
  @ApiOperation({ summary: 'Merge the finding into another, which stays' })
  @HttpCode(HttpStatus.OK)
  merge(@Param('findingId') findingId: string, @Acting() principal: Principal, @Body() body: MergeFindingDto) {
    return this.findings.merge(findingId, personOf(principal), body.into);
  }

  @Post('findings/:findingId/dismiss')
  @ApiOperation({ summary: 'Dismiss the finding, with the reason' })
  @HttpCode(HttpStatus.OK)
  dismiss(@Param('findingId') findingId: string, @Acting() principal: Principal, @Body() body: DismissFindingDto) {
    return this.findings.dismiss(findingId, personOf(principal), body.reason);
  }

  /** Put the finding on the problem list (列入问题清单) with its departments and policy. */
  @Post('findings/:findingId/list')
  @ApiOperation({ summary: 'Put the finding on the problem list (列入问题清单) with its departments and policy' })
  @HttpCode(HttpStatus.OK)
  list(@Param('findingId') findingId: string, @Acting() principal: Principal, @Body() body: ListFindingDto) {
    return this.findings.putOnProblemList(findingId, personOf(principal), body);
  }
}
