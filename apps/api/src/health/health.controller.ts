import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Connection } from '@temporalio/client';
import { grpc } from '@temporalio/proto';
import type { Response } from 'express';
import { Public } from '../http/access.decorators';
import { HEALTH_REPORT_SCHEMA } from './health.dto';
import { DataSource } from 'typeorm';

type Status = 'up' | 'down';
const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Readiness of the API: PostgreSQL and Temporal, each reported on its own. */
@Controller('health')
@ApiTags('health')
@Public()
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Connection) private readonly temporal: Connection,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Temporal, each reported on its own' })
  @ApiOkResponse({ description: 'Both are up', schema: HEALTH_REPORT_SCHEMA })
  @ApiServiceUnavailableResponse({ description: 'One is down; the report names it', schema: HEALTH_REPORT_SCHEMA })
  async check(
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ status: 'ok' | 'error'; postgres: Status; temporal: Status; failing?: string[] }> {
    const [postgres, temporal] = await Promise.all([this.postgres(), this.temporalStatus()]);
    const failing = [postgres === 'down' ? 'postgres' : null, temporal === 'down' ? 'temporal' : null].filter(
      (name): name is string => name !== null,
    );
    if (failing.length > 0) {
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'error', postgres, temporal, failing };
    }
    return { status: 'ok', postgres, temporal };
  }

  private async postgres(): Promise<Status> {
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS);
      return 'up';
    } catch {
      return 'down';
    }
  }

  private async temporalStatus(): Promise<Status> {
    try {
      // The deadline ends the call itself (and its retries); a timer around it would leave a
      // retried call running after the answer is given.
      const response = await this.temporal.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () =>
        this.temporal.healthService.check({ service: 'temporal.api.workflowservice.v1.WorkflowService' }),
      );
      return response.status === grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING ? 'up' : 'down';
    } catch {
      return 'down';
    }
  }
}
