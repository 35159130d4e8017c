import { Body, Controller, Get, Headers, Inject, Param, Put } from '@nestjs/common';
import { ChecklistService } from '@lib/inspection';
import { actingPerson } from '../http/acting-person';
import { ChecklistDto } from './inspection.dto';

/** The checklist (监督重点内容清单): focal points and their items; linked campaigns read their root's. */
@Controller('campaigns/:campaignId/checklist')
export class ChecklistController {
  constructor(@Inject(ChecklistService) private readonly checklist: ChecklistService) {}

  @Put()
  replace(
    @Param('campaignId') campaignId: string,
    @Headers('x-person-id') personId: string | undefined,
    @Body() body: ChecklistDto,
  ) {
    return this.checklist.replace(campaignId, actingPerson(personId), body);
  }

  @Get()
  get(@Param('campaignId') campaignId: string) {
    return this.checklist.get(campaignId);
  }
}
