/**
 * What both sides of Temporal agree on: task queues, workflow types and ids, inputs, and
 * message definitions. Imported by workflows, so nothing here may have side effects or
 * depend on Node.js, NestJS or TypeORM.
 */
export * from './task-queues';
export * from './organisation';
export * from './deadlines';
export * from './campaign';
export * from './rectification';
export * from './activities';
