import type { ChildProcess } from 'node:child_process';

/** Poll `check` until it holds; fail early when the process it waits for has exited. */
export async function waitUntil(
  check: () => Promise<boolean>,
  options: { timeoutMs: number; what: string; child?: ChildProcess; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await check()) return;
    if (options.child && options.child.exitCode !== null) {
      throw new Error(`${options.what} exited with code ${options.child.exitCode} before it was ready`);
    }
    if (Date.now() > deadline) throw new Error(`${options.what} was not ready after ${options.timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}

/** Stop a child gracefully (SIGTERM), then SIGKILL after a grace period; tolerates one already gone. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
