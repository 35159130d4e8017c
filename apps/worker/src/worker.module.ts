import { Module, type DynamicModule } from '@nestjs/common';
import { CampaignActivitiesService, CampaignsService } from '@lib/campaigns';
import { ConfigModule, type AppConfig } from '@lib/config';
import { DatabaseModule } from '@lib/database';
import { OrganisationService } from '@lib/organisation';
import { RectificationActivitiesService, RectificationService } from '@lib/rectification';
import { bindActivities, TemporalClientModule, WORKER_ACTIVITIES, WorkerHost } from '@lib/temporal';

/**
 * The worker process: activities as injectable classes, and the host that runs them. Fan-out
 * activities start workflows, so the worker has a Temporal client as well.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, TemporalClientModule],
      providers: [
        OrganisationService,
        RectificationService,
        CampaignsService,
        CampaignActivitiesService,
        RectificationActivitiesService,
        {
          provide: WORKER_ACTIVITIES,
          inject: [CampaignActivitiesService, RectificationActivitiesService],
          useFactory: (campaigns: CampaignActivitiesService, rectification: RectificationActivitiesService) =>
            bindActivities(campaigns, rectification),
        },
        WorkerHost,
      ],
    };
  }
}
