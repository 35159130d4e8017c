import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EvidenceService } from './evidence.service';

/**
 * Runs `sweepAbandoned` soon after start and then every quarter of an hour, in every process that
 * serves evidence. Sweeps in several replicas at once are harmless: removing an object or an
 * announcement twice is not an error.
 */
@Injectable()
export class EvidenceSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  static readonly INTERVAL_MS = 15 * 60 * 1000;
  private readonly logger = new Logger('Evidence');
  private readonly timers: NodeJS.Timeout[] = [];
  private running: Promise<void> | undefined;

  constructor(@Inject(EvidenceService) private readonly evidence: EvidenceService) {}

  onApplicationBootstrap(): void {
    const tick = (): void => {
      this.running ??= this.sweep().finally(() => (this.running = undefined));
    };
    this.timers.push(setTimeout(tick, 60_000).unref(), setInterval(tick, EvidenceSweeper.INTERVAL_MS).unref());
  }

  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    await this.running;
  }

  private async sweep(): Promise<void> {
    try {
      const removed = await this.evidence.sweepAbandoned();
      if (removed > 0) this.logger.warn(`removed ${removed} evidence object(s) left behind by interrupted uploads`);
    } catch (error) {
      this.logger.error(`evidence sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
