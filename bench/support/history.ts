import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const EventType = temporal.api.enums.v1.EventType;

type Timestamp = temporal.api.history.v1.IHistoryEvent['eventTime'];

/** Milliseconds since the epoch of a protobuf timestamp. */
export function timestampMs(ts: Timestamp): number {
  if (!ts) return Number.NaN;
  const seconds = typeof ts.seconds === 'number' ? ts.seconds : (ts.seconds?.toNumber() ?? 0);
  return seconds * 1000 + Math.floor((ts.nanos ?? 0) / 1e6);
}

/** When the server started and fired a workflow's first timer, and the workflow task that followed. */
export interface FirstTimer {
  startedAt: number;
  firedAt: number;
  /** The workflow task scheduled by the timer: queued, picked up by a worker, completed. */
  taskScheduledAt: number;
  taskStartedAt: number;
  taskCompletedAt: number;
  /**
   * Workflow tasks after the timer that timed out before one completed: a task left on a
   * worker's sticky queue past its schedule-to-start timeout moves to the shared queue, and the
   * worker that takes it there replays the workflow's history.
   */
  taskTimeouts: number;
}

/** Read a workflow's history for its first timer; undefined when the timer has not fired. */
export async function firstTimer(client: Client, workflowId: string): Promise<FirstTimer | undefined> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const at = (type: temporal.api.enums.v1.EventType, from: number): [number, number] => {
    const index = events.findIndex((e, i) => i >= from && e.eventType === type);
    return [index, index < 0 ? Number.NaN : timestampMs(events[index]?.eventTime)];
  };
  const [started, startedAt] = at(EventType.EVENT_TYPE_TIMER_STARTED, 0);
  const [fired, firedAt] = at(EventType.EVENT_TYPE_TIMER_FIRED, started);
  if (started < 0 || fired < 0) return undefined;
  const [scheduled, taskScheduledAt] = at(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, fired);
  const [, taskStartedAt] = at(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, scheduled);
  const [completed, taskCompletedAt] = at(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, scheduled);
  const taskTimeouts = events
    .slice(fired, completed < 0 ? undefined : completed)
    .filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT).length;
  return { startedAt, firedAt, taskScheduledAt, taskStartedAt, taskCompletedAt, taskTimeouts };
}
