import { Module, type DynamicModule } from '@nestjs/common';
import { CampaignActivitiesService } from '@lib/campaigns';
import { ConfigModule, type AppConfig } from '@lib/config';
import { DatabaseModule } from '@lib/database';
import { RectificationActivitiesService } from '@lib/rectification';
import { bindActivities, WORKER_ACTIVITIES, WorkerHost } from '@lib/temporal';

/** The worker process: activities as injectable classes, and the host that runs them. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule],
      providers: [
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
