export interface BoundedRun {
  /** Wall-clock instant (ms) just before the first task was called. */
  startedAt: number;
  /** Wall-clock instant (ms) when the last task settled. */
  settledAt: number;
  /** Duration of each successful task, in ms. */
  latenciesMs: number[];
  errors: { index: number; message: string }[];
}

/** Run `task(0..count-1)` with at most `concurrency` in flight, timing each call. */
export async function runBounded(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<unknown>,
): Promise<BoundedRun> {
  const latenciesMs: number[] = [];
  const errors: BoundedRun['errors'] = [];
  let next = 0;
  const startedAt = Date.now();
  const lane = async (): Promise<void> => {
    for (let index = next++; index < count; index = next++) {
      const began = performance.now();
      try {
        await task(index);
        latenciesMs.push(performance.now() - began);
      } catch (error) {
        errors.push({ index, message: error instanceof Error ? error.message : String(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return { startedAt, settledAt: Date.now(), latenciesMs, errors };
}

/** Poll `check` every `intervalMs` until it holds or `timeoutMs` passes; returns whether it held. */
export async function pollUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(intervalMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
