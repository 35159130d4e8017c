import { Body, Controller, Get, Inject, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChecklistService } from '@lib/inspection';
import type { Principal } from '@lib/contracts';
import { Acting, personOf } from '../http/access.decorators';
import { PageQuery } from '../http/page.dto';
import { ChecklistDto } from './inspection.dto';

/** The checklist (监督重点内容清单): focal points and their items; linked campaigns read their root's. */
@Controller('campaigns/:campaignId/checklist')
@ApiTags('inspection')
export class ChecklistController {
  constructor(@Inject(ChecklistService) private readonly checklist: ChecklistService) {}

  @Put()
  @ApiOperation({ summary: 'Replace the checklist (监督重点内容清单): focal points and their items' })
  replace(@Param('campaignId') campaignId: string, @Acting() principal: Principal, @Body() body: ChecklistDto) {
    return this.checklist.replace(campaignId, personOf(principal), body);
  }

  @Get()
  @ApiOperation({
    summary: 'A page of the checklist’s items, by focal point and item number; a linked campaign reads its root’s',
  })
  list(@Param('campaignId') campaignId: string, @Query() page: PageQuery) {
    return this.checklist.list(campaignId, page);
  }
}
