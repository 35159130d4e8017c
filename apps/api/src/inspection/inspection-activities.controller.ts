import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InspectionActivitiesService, QuestionnaireService } from '@lib/inspection';
import type { Principal } from '@lib/contracts';
import { Acting, personOf } from '../http/access.decorators';
import { ActivityListQuery, AnswerBatchDto, CreateActivityDto } from './inspection.dto';

/**
 * Inspection activities (听、查、询) and questionnaire answers. What an unannounced visit found
 * where is shown only to its group and the committee's staff.
 */
@Controller('campaigns/:campaignId/activities')
@ApiTags('inspection')
export class InspectionActivitiesController {
  constructor(
    @Inject(InspectionActivitiesService) private readonly activities: InspectionActivitiesService,
    @Inject(QuestionnaireService) private readonly questionnaires: QuestionnaireService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Record an inspection activity (听、查、询)' })
  create(@Param('campaignId') campaignId: string, @Acting() principal: Principal, @Body() body: CreateActivityDto) {
    return this.activities.create(campaignId, personOf(principal), body);
  }

  @Get()
  @ApiOperation({ summary: 'A page of the campaign’s inspection activities, by id' })
  list(@Param('campaignId') campaignId: string, @Acting() principal: Principal, @Query() query: ActivityListQuery) {
    return this.activities.list(campaignId, personOf(principal), query);
  }

  @Get(':activityId')
  @ApiOperation({ summary: 'One inspection activity' })
  @ApiNotFoundResponse({ description: 'No such activity' })
  get(
    @Param('campaignId') campaignId: string,
    @Param('activityId') activityId: string,
    @Acting() principal: Principal,
  ) {
    return this.activities.get(campaignId, activityId, personOf(principal));
  }

  /** Import one batch of answers; the same `batchKey` again adds nothing (`imported: false`). */
  @Post(':activityId/answers')
  @ApiOperation({ summary: 'Import one batch of questionnaire answers; the same batchKey again adds nothing' })
  @HttpCode(HttpStatus.OK)
  importAnswers(
    @Param('campaignId') campaignId: string,
    @Param('activityId') activityId: string,
    @Acting() principal: Principal,
    @Body() body: AnswerBatchDto,
  ) {
    return this.questionnaires.importAnswers(campaignId, activityId, personOf(principal), body);
  }

  @Get(':activityId/answers')
  @ApiOperation({ summary: 'Tallies of the questionnaire answers' })
  tallies(@Param('campaignId') campaignId: string, @Param('activityId') activityId: string) {
    return this.questionnaires.tallies(campaignId, activityId);
  }
}
