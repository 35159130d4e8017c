import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { CampaignsService } from '@lib/campaigns';
import { ConfigModule, type AppConfig } from '@lib/config';
import { DatabaseModule } from '@lib/database';
import { TemporalClientModule } from '@lib/temporal';
import { CampaignsController } from './campaigns/campaigns.controller';
import { HealthController } from './health/health.controller';
import { ErrorFilter } from './http/error.filter';
import { validationPipe } from './http/validation';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, TemporalClientModule],
      controllers: [HealthController, CampaignsController],
      providers: [
        CampaignsService,
        { provide: APP_PIPE, useFactory: validationPipe },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
