import { Script } from 'node:vm';
import type { NestExpressApplication } from '@nestjs/platform-express';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { z } from 'zod';
import { launchCampaignSchema } from '@lib/campaigns';
import { RECTIFICATION_ACTION_FIELDS, RECTIFICATION_STATUSES, UNIT_KINDS } from '@lib/contracts';
import { openItemSchema } from '@lib/rectification';
import { isOpenApiPath, OPENAPI_JSON_PATH, OPENAPI_PATHS, OPENAPI_UI_PATH } from '../apps/api/src/http/openapi';
import { version } from '../package.json';
import { startApi, testConfig } from './support/apps';

// The document is walked freely: any node may be looked into.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `/a/:b/c` and `/a/{b}/c` alike become `/a/{}/c`. */
const shape = (path: string) => path.replace(/:[A-Za-z0-9_]+|\*[A-Za-z0-9_]*|\{[^}]+\}/g, '{}');

/** Every route the running Express application answers, as [method, path]. */
function registeredRoutes(api: NestExpressApplication): [string, string][] {
  const express = api.getHttpAdapter().getInstance() as { router?: { stack: Json[] }; _router?: { stack: Json[] } };
  const stack = (express.router ?? express._router)!.stack;
  return stack
    .filter((layer) => layer.route)
    .flatMap((layer) =>
      Object.keys(layer.route.methods as Record<string, boolean>)
        .filter((method) => METHODS.includes(method))
        .map((method): [string, string] => [method, layer.route.path as string]),
    );
}

function allOperations(document: Json): [string, string, Json][] {
  return Object.entries(document.paths as Record<string, Json>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m): [string, string, Json] => [m, path, item[m] as Json]),
  );
}

/** Every schema object the document holds where a schema is expected. */
function allSchemas(document: Json): [string, Json][] {
  const found: [string, Json][] = Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => [
    `components.schemas.${name}`,
    schema as Json,
  ]);
  for (const [method, path, operation] of allOperations(document)) {
    const at = `${method.toUpperCase()} ${path}`;
    for (const p of operation.parameters ?? []) if (p.schema) found.push([`${at} parameter ${p.name}`, p.schema]);
    for (const [type, media] of Object.entries((operation.requestBody?.content ?? {}) as Record<string, Json>)) {
      if (media.schema) found.push([`${at} body ${type}`, media.schema]);
    }
    for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
      for (const media of Object.values((response.content ?? {}) as Record<string, Json>)) {
        if (media.schema) found.push([`${at} ${status}`, media.schema]);
      }
    }
  }
  return found;
}

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => (key === '$ref' && typeof v === 'string' ? [v] : refsIn(v)));
}

function resolvePointer(document: Json, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (node as Json | undefined)?.[part], document);
}

/** The parts of an OpenAPI 3.1 document whose shape the generated one must keep. */
const DOCUMENT_SHAPE = {
  type: 'object',
  required: ['openapi', 'info', 'paths', 'components'],
  properties: {
    openapi: { type: 'string', pattern: '^3\\.1\\.\\d+$' },
    info: {
      type: 'object',
      required: ['title', 'version'],
      properties: { title: { type: 'string', minLength: 1 }, version: { type: 'string', minLength: 1 } },
    },
    security: { type: 'array', items: { type: 'object' } },
    tags: { type: 'array', items: { type: 'object', required: ['name'] } },
    paths: {
      type: 'object',
      propertyNames: { pattern: '^/' },
      additionalProperties: {
        type: 'object',
        propertyNames: { enum: [...METHODS, 'parameters', 'summary', 'description', 'servers'] },
        additionalProperties: {
          type: ['object', 'array', 'string'],
          if: { type: 'object' },
          then: {
            required: ['responses'],
            properties: {
              operationId: { type: 'string' },
              tags: { type: 'array', items: { type: 'string' } },
              parameters: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['name', 'in'],
                  properties: { in: { enum: ['query', 'header', 'path', 'cookie'] }, required: { type: 'boolean' } },
                  if: { properties: { in: { const: 'path' } } },
                  then: { properties: { required: { const: true } }, required: ['required'] },
                },
              },
              requestBody: { type: 'object', required: ['content'] },
              responses: {
                type: 'object',
                minProperties: 1,
                propertyNames: { pattern: '^([1-5](\\d\\d|XX)|default)$' },
                additionalProperties: {
                  type: 'object',
                  anyOf: [{ required: ['$ref'] }, { required: ['description'] }],
                },
              },
              security: { type: 'array' },
            },
          },
        },
      },
    },
    components: {
      type: 'object',
      properties: {
        schemas: { type: 'object' },
        responses: { type: 'object' },
        securitySchemes: { type: 'object' },
      },
    },
  },
};

/** OpenAPI documentation generated from the running application, and the UI that shows it. */
describe('OpenAPI document and interactive docs', () => {
  let api: NestExpressApplication;
  let document: Json;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);

  beforeAll(async () => {
    api = await startApi(testConfig());
    const response = await request(api.getHttpServer()).get(OPENAPI_JSON_PATH).expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    document = response.body as Json;
    ajv.addSchema(document, 'openapi.json', undefined, false);
  });

  afterAll(async () => {
    await api?.close();
  });

  const http = () => request(api.getHttpServer());
  const bodySchema = (method: string, path: string): Json =>
    document.paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema as Json;
  const resolve = (schema: Json): Json => (schema.$ref ? (resolvePointer(document, schema.$ref) as Json) : schema);
  /** A validator for a schema of the document, its references resolved within the document. */
  const validatorFor = (pointer: string) => ajv.compile({ $ref: `openapi.json${pointer}` });

  it('is an OpenAPI 3.1 document with the title, version, bearer scheme and error model', () => {
    const shapeIsValid = ajv.validate(DOCUMENT_SHAPE, document);
    expect(ajv.errors ?? []).toEqual([]);
    expect(shapeIsValid).toBe(true);
    expect(document.info).toMatchObject({ title: expect.any(String), version });
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.components.schemas.ErrorBody).toBeDefined();
  });

  it('holds schemas that are valid JSON Schema 2020-12 and references that resolve', () => {
    const schemas = allSchemas(document);
    expect(schemas.length).toBeGreaterThan(50);
    const invalid = schemas
      .filter(([, schema]) => !ajv.validateSchema(schema))
      .map(([at]) => `${at}: ${ajv.errorsText(ajv.errors)}`);
    expect(invalid).toEqual([]);
    // OpenAPI 3.0's `nullable` has no meaning in 3.1.
    expect(JSON.stringify(document)).not.toMatch(/"nullable":/);
    const dangling = refsIn(document).filter(
      (ref) => !ref.startsWith('#/') || resolvePointer(document, ref) === undefined,
    );
    expect(dangling).toEqual([]);
  });

  it('documents every route the running application has, each with its path parameters', () => {
    const routes = registeredRoutes(api).filter(([, path]) => !isOpenApiPath(path));
    expect(routes.length).toBeGreaterThan(40);
    const documented = new Set(allOperations(document).map(([method, path]) => `${method} ${shape(path)}`));
    const missing = routes.map(([method, path]) => `${method} ${shape(path)}`).filter((r) => !documented.has(r));
    expect(missing).toEqual([]);
    for (const [method, path, operation] of allOperations(document)) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const declared = ((operation.parameters ?? []) as Json[])
        .filter((p) => p.in === 'path')
        .map((p) => p.name as string)
        .sort();
      expect({ route: `${method} ${path}`, parameters: declared }).toEqual({
        route: `${method} ${path}`,
        parameters: inPath,
      });
      expect(operation.responses['4XX'] ?? operation.responses['400']).toBeDefined();
      expect(operation.responses['5XX']).toBeDefined();
    }
  });

  it('describes hand-off and launch bodies from the zod schemas that validate them', () => {
    const handOff = bodySchema('post', '/rectification-items');
    expect(handOff.required).toEqual(
      expect.arrayContaining(['itemId', 'title', 'description', 'committeeUnitId', 'leadDepartmentId']),
    );
    expect(handOff.required).toEqual(z.toJSONSchema(openItemSchema, { io: 'input' }).required);
    expect(handOff.properties.policy).toBeDefined();
    const checkHandOff = validatorFor(
      '#/paths/~1rectification-items/post/requestBody/content/application~1json/schema',
    );
    const example = {
      itemId: 'example-P001',
      title: '日间照料中心未正常运营',
      description: '抽查发现站点闲置',
      committeeUnitId: 'example-committee',
      leadDepartmentId: 'example-civil',
      policy: { acknowledgeWithin: { days: 3, counting: 'working-days' } },
    };
    expect(checkHandOff(example)).toBe(true);
    expect(checkHandOff({ ...example, title: undefined })).toBe(false);
    expect(checkHandOff({ ...example, extra: 1 })).toBe(false);

    const launch = bodySchema('post', '/campaigns');
    expect(launch.required).toEqual(
      expect.arrayContaining(['campaignId', 'title', 'level', 'committeeUnitId', 'jurisdictionUnitId']),
    );
    expect(launch.required).toEqual(z.toJSONSchema(launchCampaignSchema, { io: 'input' }).required);
  });

  it('describes each rectification action with exactly the fields the contract lets it take', () => {
    const body = bodySchema('post', '/rectification-items/{itemId}/actions/{action}');
    const alternatives = body.anyOf as Json[];
    expect(alternatives.map((a) => a.title as string)).toEqual(Object.keys(RECTIFICATION_ACTION_FIELDS));
    for (const alternative of alternatives) {
      const fields = RECTIFICATION_ACTION_FIELDS[alternative.title as keyof typeof RECTIFICATION_ACTION_FIELDS];
      expect(Object.keys(alternative.properties as Json)).toEqual(fields);
      for (const [field, schema] of Object.entries(alternative.properties as Json)) {
        expect({ field, described: Object.keys(schema as Json).length > 0 }).toEqual({ field, described: true });
      }
    }
    const action = (document.paths['/rectification-items/{itemId}/actions/{action}'].post.parameters as Json[]).find(
      (p) => p.name === 'action',
    );
    expect(action?.schema?.enum).toEqual(Object.keys(RECTIFICATION_ACTION_FIELDS));
  });

  it('describes class-validator bodies and queries from their rules', () => {
    const unit = resolve(bodySchema('post', '/org-units'));
    expect(unit.required).toEqual(expect.arrayContaining(['id', 'name', 'kind']));
    expect(unit.required).not.toContain('parentId');
    expect(unit.properties.kind.enum).toEqual([...UNIT_KINDS]);
    expect(unit.properties.name).toMatchObject({ type: 'string', maxLength: 200 });
    expect(unit.additionalProperties).toBe(false);

    const checklist = resolve(bodySchema('put', '/campaigns/{campaignId}/checklist'));
    const focalPoint = resolve(checklist.properties.focalPoints.items as Json);
    expect(focalPoint.properties.items).toMatchObject({ type: 'array', minItems: 1, maxItems: 500 });
    expect(resolve(focalPoint.properties.items.items as Json).required).toEqual(
      expect.arrayContaining(['itemNo', 'content']),
    );

    const query = document.paths['/rectification-items'].get.parameters as Json[];
    const status = query.find((p) => p.name === 'status');
    expect(status).toMatchObject({ in: 'query', required: false });
    expect(status!.schema.enum).toEqual([...RECTIFICATION_STATUSES]);
    expect(query.find((p) => p.name === 'limit')).toMatchObject({
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 200 },
    });
  });

  it('describes the paging of every list of a campaign or an item, with the filters it keeps', () => {
    const lists = [
      '/campaigns/{campaignId}/checklist',
      '/campaigns/{campaignId}/groups',
      '/campaigns/{campaignId}/inquiry-questions',
      '/campaigns/{campaignId}/targets',
      '/campaigns/{campaignId}/activities',
      '/campaigns/{campaignId}/findings',
      '/rectification-items/{itemId}/evidence',
      '/rectification-items/{itemId}/events',
    ];
    const queryOf = (path: string) =>
      ((document.paths[path]?.get?.parameters ?? []) as Json[]).filter((p) => p.in === 'query');
    for (const path of lists) {
      const query = queryOf(path);
      expect({ path, limit: query.find((p) => p.name === 'limit') }).toMatchObject({
        path,
        limit: { required: false, schema: { type: 'integer', minimum: 1, maximum: 200 } },
      });
      expect({ path, offset: query.find((p) => p.name === 'offset') }).toMatchObject({
        path,
        offset: { required: false, schema: { type: 'integer', minimum: 0 } },
      });
      expect(document.paths[path].get.responses['400']).toBeDefined();
    }
    const names = (path: string) =>
      queryOf(path)
        .map((p) => p.name as string)
        .sort();
    expect(names('/campaigns/{campaignId}/activities')).toEqual(['groupId', 'kind', 'limit', 'offset']);
    expect(names('/campaigns/{campaignId}/findings')).toEqual([
      'activityId',
      'checklistItemId',
      'limit',
      'offset',
      'status',
    ]);
    // The tallies of a questionnaire are one aggregate, not a list.
    expect(queryOf('/campaigns/{campaignId}/activities/{activityId}/answers')).toEqual([]);
  });

  it('answers errors in the documented error model', async () => {
    const checkError = validatorFor('#/components/schemas/ErrorBody');
    const answers = await Promise.all([
      http().get('/no-such-route'),
      http().post('/org-units').send({ unexpected: true }),
      http().get('/rectification-items/no-such-item'),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect({ status: answer.status, valid: checkError(answer.body), errors: checkError.errors }).toMatchObject({
        valid: true,
      });
    }
  });

  it('serves the interactive docs with their own assets, no inline script, and needs no sign-in', async () => {
    expect(OPENAPI_PATHS).toEqual([OPENAPI_UI_PATH, OPENAPI_JSON_PATH]);
    const page = await http().get(OPENAPI_UI_PATH).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const html = page.text;
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    const assets = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)=["']([^"']+)["']/gi)].map((m) => m[1]);
    expect(assets).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/swagger-ui-bundle\.js$/),
        expect.stringMatching(/swagger-ui\.css$/),
        expect.stringMatching(/swagger-ui-init\.js$/),
      ]),
    );
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      const path = new URL(asset, `http://api${OPENAPI_UI_PATH}`).pathname;
      expect(isOpenApiPath(path)).toBe(true);
      const answer = await http().get(path);
      expect({ path, status: answer.status }).toEqual({ path, status: 200 });
      expect(Number(answer.headers['content-length'] ?? 1)).toBeGreaterThan(0);
    }
    const init = await http().get(`${OPENAPI_UI_PATH}/swagger-ui-init.js`).expect(200);
    expect(init.text).toContain('"openapi": "3.1.0"');
    expect(() => new Script(init.text)).not.toThrow();
    expect(document.paths['/health'].get.security).toEqual([]);
  });
});
