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
