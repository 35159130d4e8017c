import { allHandlersFinished, condition } from '@temporalio/workflow';

/**
 * Runs async steps one after another. Update handlers and the timer loop all change the item
 * and wait on activities; running them in arrival order keeps each transition whole.
 */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(step: () => Promise<T>): Promise<T> {
    const result = this.tail.then(step);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * Wait until no update handler runs and nothing waits in the queue. Before continuing as new this
 * must hold at the moment the run ends: an update accepted while the queue drained has a handler
 * in flight, which would end unfinished with the run, so the wait starts again until none came.
 */
export async function drainHandlers(serial: Serial): Promise<void> {
  do {
    await condition(allHandlersFinished);
    await serial.run(() => Promise.resolve());
  } while (!allHandlersFinished());
}
