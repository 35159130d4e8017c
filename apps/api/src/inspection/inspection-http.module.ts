import { Inject, Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { json, type NextFunction, type Request, type Response } from 'express';
import { INSPECTION_SERVICES } from '@lib/inspection';
import { OrganisationService } from '@lib/organisation';
import { RectificationService } from '@lib/rectification';
import { ChecklistController } from './checklist.controller';
import { FindingsController } from './findings.controller';
import { InquiryController } from './inquiry.controller';
import { InspectionActivitiesController } from './inspection-activities.controller';
import { InspectionGroupsController } from './inspection-groups.controller';
import { TargetsController } from './targets.controller';

/** A questionnaire batch of 100,000 answers is about 10 MB of JSON; every other body keeps the API's limit. */
const ANSWERS_PATH = '/campaigns/:campaignId/activities/:activityId/answers';
const ANSWERS_BODY_LIMIT = '16mb';

/** HTTP routes of the inspection side of a campaign: checklist, groups, activities, findings. */
@Module({
  controllers: [
    ChecklistController,
    InspectionGroupsController,
    InspectionActivitiesController,
    FindingsController,
    InquiryController,
    TargetsController,
  ],
  providers: [OrganisationService, RectificationService, ...INSPECTION_SERVICES],
})
export class InspectionHttpModule {
  constructor(@Inject(HttpAdapterHost) adapterHost: HttpAdapterHost) {
    // Modules are built before the API installs its JSON parser, so this one runs first on its
    // route; a body it has read is not read again by the general one. Its own name keeps Nest,
    // which looks for a middleware named `jsonParser`, from taking it for the general parser.
    const parse = json({ limit: ANSWERS_BODY_LIMIT });
    adapterHost.httpAdapter?.use(
      ANSWERS_PATH,
      function answerBatchParser(req: Request, res: Response, next: NextFunction) {
        parse(req, res, next);
      },
    );
  }
}
