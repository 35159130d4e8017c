/**
 * Turn injectable activity classes into the plain object the worker registers: every public
 * method of each instance, bound to it. Two classes may not define the same activity name.
 */
export function bindActivities(...instances: object[]): Record<string, (...args: unknown[]) => Promise<unknown>> {
  const activities: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const instance of instances) {
    const proto = Object.getPrototypeOf(instance) as object;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const member = (instance as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof member !== 'function') continue;
      if (name in activities) throw new Error(`activity "${name}" is defined twice`);
      activities[name] = (member as (...args: unknown[]) => Promise<unknown>).bind(instance);
    }
  }
  return activities;
}
