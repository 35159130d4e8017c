import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Inject, Param, Post, Query } from '@nestjs/common';
import { InspectionActivitiesService, QuestionnaireService } from '@lib/inspection';
import { actingPerson } from '../http/acting-person';
import { ActivityListQuery, AnswerBatchDto, CreateActivityDto } from './inspection.dto';

/**
 * Inspection activities (听、查、询) and questionnaire answers. Reads take an optional
 * `X-Person-Id`: what an unannounced visit found where is shown only to its group and the
 * committee's staff.
 */
@Controller('campaigns/:campaignId/activities')
export class InspectionActivitiesController {
  constructor(
    @Inject(InspectionActivitiesService) private readonly activities: InspectionActivitiesService,
    @Inject(QuestionnaireService) private readonly questionnaires: QuestionnaireService,
  ) {}

  @Post()
  create(
    @Param('campaignId') campaignId: string,
    @Headers('x-person-id') personId: string | undefined,
    @Body() body: CreateActivityDto,
  ) {
    return this.activities.create(campaignId, actingPerson(personId), body);
  }

  @Get()
  list(
    @Param('campaignId') campaignId: string,
    @Headers('x-person-id') viewerId: string | undefined,
    @Query() query: ActivityListQuery,
  ) {
    return this.activities.list(campaignId, viewerId, query);
  }

  @Get(':activityId')
  get(
    @Param('campaignId') campaignId: string,
    @Param('activityId') activityId: string,
    @Headers('x-person-id') viewerId: string | undefined,
  ) {
    return this.activities.get(campaignId, activityId, viewerId);
  }

  /** Import one batch of answers; the same `batchKey` again adds nothing (`imported: false`). */
  @Post(':activityId/answers')
  @HttpCode(HttpStatus.OK)
  importAnswers(
    @Param('campaignId') campaignId: string,
    @Param('activityId') activityId: string,
    @Headers('x-person-id') personId: string | undefined,
    @Body() body: AnswerBatchDto,
  ) {
    return this.questionnaires.importAnswers(campaignId, activityId, actingPerson(personId), body);
  }

  @Get(':activityId/answers')
  tallies(@Param('campaignId') campaignId: string, @Param('activityId') activityId: string) {
    return this.questionnaires.tallies(campaignId, activityId);
  }
}
