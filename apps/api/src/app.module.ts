import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { CampaignsService, DynamicListService, LookBackService } from '@lib/campaigns';
import { ConfigModule, type AppConfig } from '@lib/config';
import { DatabaseModule } from '@lib/database';
import { OrganisationService } from '@lib/organisation';
import { RectificationService } from '@lib/rectification';
import { TemporalClientModule } from '@lib/temporal';
import { CampaignListsController } from './campaigns/campaign-lists.controller';
import { CampaignsController } from './campaigns/campaigns.controller';
import { WorkingDayCalendarController } from './calendar/working-day-calendar.controller';
import { HealthController } from './health/health.controller';
import { InspectionHttpModule } from './inspection/inspection-http.module';
import { OrganisationController } from './organisation/organisation.controller';
import { RectificationItemsController } from './rectification/rectification-items.controller';
import { ErrorFilter } from './http/error.filter';
import { validationPipe } from './http/validation';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, TemporalClientModule, InspectionHttpModule],
      controllers: [
        HealthController,
        CampaignsController,
        CampaignListsController,
        OrganisationController,
        RectificationItemsController,
        WorkingDayCalendarController,
      ],
      providers: [
        CampaignsService,
        DynamicListService,
        LookBackService,
        OrganisationService,
        RectificationService,
        { provide: APP_PIPE, useFactory: validationPipe },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
