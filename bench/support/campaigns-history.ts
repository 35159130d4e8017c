import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { timestampMs } from './history';

const EventType = temporal.api.enums.v1.EventType;

type EventId = number | { toNumber(): number } | null | undefined;
const idOf = (id: EventId): number => (typeof id === 'number' ? id : (id?.toNumber() ?? Number.NaN));

/** One run of an activity in a workflow's history: when it was scheduled, started and completed (ms since the epoch). */
export interface ActivityRun {
  scheduledAt: number;
  startedAt: number;
  completedAt: number;
  attempts: number;
}

/** Every completed run of the activity `activityType` in the workflow's history, in order. */
export async function activityRuns(client: Client, workflowId: string, activityType: string): Promise<ActivityRun[]> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const scheduled = new Map<number, number>();
  const started = new Map<number, { at: number; attempt: number }>();
  const runs: ActivityRun[] = [];
  for (const event of events) {
    const at = timestampMs(event.eventTime);
    switch (event.eventType) {
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        if (event.activityTaskScheduledEventAttributes?.activityType?.name === activityType) {
          scheduled.set(idOf(event.eventId), at);
        }
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED: {
        const attributes = event.activityTaskStartedEventAttributes;
        const id = idOf(attributes?.scheduledEventId);
        if (scheduled.has(id)) started.set(id, { at, attempt: attributes?.attempt ?? 1 });
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED: {
        const id = idOf(event.activityTaskCompletedEventAttributes?.scheduledEventId);
        const scheduledAt = scheduled.get(id);
        if (scheduledAt !== undefined) {
          const start = started.get(id);
          runs.push({
            scheduledAt,
            startedAt: start?.at ?? Number.NaN,
            completedAt: at,
            attempts: start?.attempt ?? 1,
          });
        }
        break;
      }
      default:
        break;
    }
  }
  return runs;
}
