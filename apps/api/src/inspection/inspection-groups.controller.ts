import { Body, Controller, Get, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InspectionGroupsService } from '@lib/inspection';
import type { Principal } from '@lib/contracts';
import { Acting, personOf } from '../http/access.decorators';
import { PageQuery } from '../http/page.dto';
import { AssignChecklistItemsDto, GroupDto } from './inspection.dto';

/** Inspection groups (专题调研组 / 执法检查组): members, deputies, districts, the checklist items they own. */
@Controller('campaigns/:campaignId/groups')
@ApiTags('inspection')
export class InspectionGroupsController {
  constructor(@Inject(InspectionGroupsService) private readonly groups: InspectionGroupsService) {}

  @Post()
  @ApiOperation({ summary: 'Form an inspection group (专题调研组 / 执法检查组)' })
  create(@Param('campaignId') campaignId: string, @Acting() principal: Principal, @Body() body: GroupDto) {
    return this.groups.create(campaignId, personOf(principal), body);
  }

  @Get()
  @ApiOperation({ summary: 'A page of the campaign’s inspection groups, by id' })
  list(@Param('campaignId') campaignId: string, @Query() page: PageQuery) {
    return this.groups.list(campaignId, page);
  }

  @Get(':groupId')
  @ApiOperation({ summary: 'One inspection group' })
  @ApiNotFoundResponse({ description: 'No such group' })
  get(@Param('campaignId') campaignId: string, @Param('groupId') groupId: string) {
    return this.groups.get(campaignId, groupId);
  }

  /**
   * Replace the group's name, kind, members, deputies and districts as a whole (its id and
   * checklist items stay): the same body twice leaves it as once.
   */
  @Put(':groupId')
  @ApiOperation({ summary: 'Replace an inspection group’s name, kind, members, deputies and districts' })
  @ApiNotFoundResponse({ description: 'No such group' })
  update(
    @Param('campaignId') campaignId: string,
    @Param('groupId') groupId: string,
    @Acting() principal: Principal,
    @Body() body: GroupDto,
  ) {
    return this.groups.update(campaignId, groupId, personOf(principal), body);
  }

  /** Make these the checklist items the group owns. */
  @Put(':groupId/checklist-items')
  @ApiOperation({ summary: 'Make these the checklist items the group owns' })
  assign(
    @Param('campaignId') campaignId: string,
    @Param('groupId') groupId: string,
    @Acting() principal: Principal,
    @Body() body: AssignChecklistItemsDto,
  ) {
    return this.groups.assignChecklistItems(campaignId, groupId, personOf(principal), body.itemIds);
  }
}
