import { Body, Controller, Get, Headers, Inject, Param, Post, Put } from '@nestjs/common';
import { InspectionGroupsService } from '@lib/inspection';
import { actingPerson } from '../http/acting-person';
import { AssignChecklistItemsDto, CreateGroupDto } from './inspection.dto';

/** Inspection groups (专题调研组 / 执法检查组): members, deputies, districts, the checklist items they own. */
@Controller('campaigns/:campaignId/groups')
export class InspectionGroupsController {
  constructor(@Inject(InspectionGroupsService) private readonly groups: InspectionGroupsService) {}

  @Post()
  create(
    @Param('campaignId') campaignId: string,
    @Headers('x-person-id') personId: string | undefined,
    @Body() body: CreateGroupDto,
  ) {
    return this.groups.create(campaignId, actingPerson(personId), body);
  }

  @Get()
  list(@Param('campaignId') campaignId: string) {
    return this.groups.list(campaignId);
  }

  @Get(':groupId')
  get(@Param('campaignId') campaignId: string, @Param('groupId') groupId: string) {
    return this.groups.get(campaignId, groupId);
  }

  /** Make these the checklist items the group owns. */
  @Put(':groupId/checklist-items')
  assign(
    @Param('campaignId') campaignId: string,
    @Param('groupId') groupId: string,
    @Headers('x-person-id') personId: string | undefined,
    @Body() body: AssignChecklistItemsDto,
  ) {
    return this.groups.assignChecklistItems(campaignId, groupId, actingPerson(personId), body.itemIds);
  }
}
