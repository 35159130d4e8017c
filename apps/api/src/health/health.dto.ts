import type { SchemaObject } from '@nestjs/swagger';

const STATUS: SchemaObject = { type: 'string', enum: ['up', 'down'] };

/** What `GET /health` answers, 200 or 503 alike (a readiness report, not the error model). */
export const HEALTH_REPORT_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['status', 'postgres', 'temporal'],
  properties: {
    status: { type: 'string', enum: ['ok', 'error'] },
    postgres: STATUS,
    temporal: STATUS,
    failing: { type: 'array', items: { type: 'string', enum: ['postgres', 'temporal'] }, description: 'What is down' },
  },
};
