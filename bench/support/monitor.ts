import { cpuMsOf, machineBusyMs, memoryOf, threadCpuOf } from './proc';
import { round } from './stats';

/** Key of the whole machine's busy time in a snapshot. */
const MACHINE = '(machine)';

export interface Watched {
  name: string;
  pid: number | undefined;
  /** Count the CPU of its live children too (PostgreSQL's backends). */
  withChildren?: boolean;
}

export interface PhaseResources {
  wallMs: number;
  /**
   * CPU seconds each process used during the phase, and as a share of one core over the phase;
   * `outside` is what the rest of the machine used meanwhile (other work disturbs the figures).
   */
  cpu: Record<string, { seconds: number; coreShare: number }>;
  /** Highest resident set size of the sampled process seen during the phase (MiB). */
  peakRssMb: number | null;
  /** CPU seconds of the sampled process's threads, summed by thread name (main thread, workflow thread, …). */
  threads: Record<string, number>;
}

/**
 * Samples the resident memory of one process (the worker) every `intervalMs` and reads the
 * CPU time of every watched process at the start and end of each phase. The bench process
 * itself is always watched, as `bench`.
 */
export class Monitor {
  private timer: NodeJS.Timeout | undefined;
  private peakKbSinceMark = 0;
  private sampling: Promise<void> = Promise.resolve();

  constructor(
    private readonly watched: Watched[],
    private readonly rssPid: number,
    private readonly intervalMs = 250,
  ) {}

  /** Watch one more process from the next phase on (a worker started mid-run). */
  watch(process: Watched): void {
    this.watched.push(process);
  }

  start(): void {
    this.timer = setInterval(() => {
      this.sampling = this.sample();
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async sample(): Promise<void> {
    const memory = await memoryOf(this.rssPid);
    if (memory) this.peakKbSinceMark = Math.max(this.peakKbSinceMark, memory.rssKb);
  }

  /** CPU ms per watched name and pid (a child that exits mid-phase loses its last stretch). */
  private async cpuSnapshot(): Promise<Map<string, Map<number, number>>> {
    const snapshot = new Map<string, Map<number, number>>();
    const own = process.cpuUsage();
    snapshot.set('bench', new Map([[process.pid, (own.user + own.system) / 1000]]));
    for (const { name, pid, withChildren } of this.watched) {
      if (pid !== undefined) snapshot.set(name, await cpuMsOf(pid, withChildren));
    }
    const busy = await machineBusyMs();
    if (busy !== undefined) snapshot.set(MACHINE, new Map([[0, busy]]));
    return snapshot;
  }

  /** Start measuring a phase; `end()` returns what it used. */
  async begin(): Promise<{ end: () => Promise<PhaseResources> }> {
    await this.sampling;
    await this.sample();
    this.peakKbSinceMark = 0;
    await this.sample();
    const before = await this.cpuSnapshot();
    const threadsBefore = await threadCpuOf(this.rssPid);
    const startedAt = Date.now();
    return {
      end: async () => {
        const wallMs = Date.now() - startedAt;
        await this.sampling;
        await this.sample();
        const after = await this.cpuSnapshot();
        const threads: Record<string, number> = {};
        for (const [tid, { name, cpuMs }] of await threadCpuOf(this.rssPid)) {
          const used = cpuMs - (threadsBefore.get(tid)?.cpuMs ?? 0);
          const key = tid === this.rssPid ? 'main' : name;
          threads[key] = round((threads[key] ?? 0) + used / 1000, 2);
        }
        const cpu: PhaseResources['cpu'] = {};
        const share = (ms: number) => ({
          seconds: round(ms / 1000, 1),
          coreShare: round(wallMs > 0 ? ms / wallMs : 0, 2),
        });
        let ours = 0;
        for (const [name, times] of after) {
          if (name === MACHINE) continue;
          let used = 0;
          for (const [pid, ms] of times) used += ms - (before.get(name)?.get(pid) ?? 0);
          ours += used;
          cpu[name] = share(used);
        }
        const machine = after.get(MACHINE)?.get(0);
        const machineBefore = before.get(MACHINE)?.get(0);
        if (machine !== undefined && machineBefore !== undefined) {
          cpu.outside = share(Math.max(0, machine - machineBefore - ours));
        }
        return {
          wallMs,
          cpu,
          peakRssMb: this.peakKbSinceMark > 0 ? round(this.peakKbSinceMark / 1024, 0) : null,
          threads: Object.fromEntries(Object.entries(threads).filter(([, seconds]) => seconds >= 0.05)),
        };
      },
    };
  }
}
