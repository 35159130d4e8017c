import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  DocumentBuilder,
  SwaggerModule,
  type ApiBodyOptions,
  type OpenAPIObject,
  type OperationObject,
  type ReferenceObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { z } from 'zod';
import { version } from '../../../../package.json';
import { AUDIENCE, type RouteAudience } from './access.decorators';
import { answerStatus } from './answer-status';
import { controllerMethods, describeValidatedDtos, type ControllerMethod } from './openapi-dtos';

/** The interactive documentation; its scripts and styles are served below it (`/docs/…`). */
export const OPENAPI_UI_PATH = '/docs';
/** The OpenAPI document itself. */
export const OPENAPI_JSON_PATH = '/docs-json';
/** Public paths: reading the API's documentation needs no sign-in. */
export const OPENAPI_PATHS = [OPENAPI_UI_PATH, OPENAPI_JSON_PATH] as const;

/** Whether a request path is the documentation: the document, the page or one of its assets. */
export function isOpenApiPath(path: string): boolean {
  return path === OPENAPI_JSON_PATH || path === OPENAPI_UI_PATH || path.startsWith(`${OPENAPI_UI_PATH}/`);
}

/**
 * The Content-Security-Policy the documentation page works under: every script is a file of its
 * own (no inline script, no eval); the page has an inline `<style>` block and `style` attribute,
 * and the stylesheet draws its icons from `data:` images.
 */
export const OPENAPI_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:";

/** Tags of the routes, in the order the documentation shows them. */
const TAGS: [name: string, description: string][] = [
  ['rectification-items', 'Rectification items (整改事项): hand-off, actions, read model, history'],
  ['campaigns', 'Supervision campaigns (监督项目): launch, committee actions, linked campaigns'],
  ['campaign-lists', 'Dynamic list (动态清单), roll-up, snapshots and the look-back (回头看)'],
  ['inspection', 'Checklist, inspection groups and activities, findings, special inquiry, outcome targets'],
  ['organisation', 'Organisation units and people'],
  ['working-day-calendar', 'The working-day calendar (工作日) items count deadlines in'],
  ['health', 'Readiness of the API and what it depends on'],
];

/** The one error model (`ErrorBody` in `@lib/errors`), as JSON Schema. */
export const ERROR_BODY_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'Every error the API returns has this shape.',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'messageZh'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', description: 'A stable code to act on', example: 'VALIDATION_FAILED' },
        message: { type: 'string', description: 'What went wrong, in English', example: 'title is required' },
        messageZh: { type: 'string', description: 'What went wrong, in Chinese', example: '输入不合法' },
        field: { type: 'string', description: 'The field the error concerns (the first, if several)' },
        errorId: {
          type: 'string',
          format: 'uuid',
          description: 'Present on unexpected errors: quote it to operators, who find it in the logs',
        },
        details: {
          type: 'array',
          description: 'Every field that failed validation',
          items: {
            type: 'object',
            required: ['field', 'code', 'message'],
            additionalProperties: false,
            properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
};

const ERROR_REF: ReferenceObject = { $ref: '#/components/schemas/ErrorBody' };
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * A zod schema as the JSON Schema (2020-12, as OpenAPI 3.1 uses) of what a request may send: the
 * same schema that validates the request, so the documentation cannot drift from it.
 */
export function zodSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  const json: Record<string, unknown> = { ...z.toJSONSchema(schema, { io, unrepresentable: 'any' }) };
  delete json.$schema;
  return json;
}

/** `@ApiBody` options for a route whose body a zod schema validates. */
export function zodBody(schema: z.ZodType, description?: string): ApiBodyOptions {
  return { required: true, schema: zodSchema(schema), ...(description ? { description } : {}) };
}

/** What the rules of one action require beyond the fields it takes. */
export interface ActionRules {
  required?: readonly string[];
  /** Narrower schemas of some fields for this action (e.g. the decisions it accepts). */
  fields?: Record<string, SchemaObject>;
  description?: string;
}

/**
 * `@ApiBody` options for `POST …/actions/:action`: one alternative per action, each with exactly
 * the fields the contract lets it take (anything else is refused as an unknown field).
 */
export function actionBody<A extends string>(
  fieldsByAction: Record<A, readonly string[]>,
  fieldSchemas: Record<string, SchemaObject>,
  rules: Partial<Record<A, ActionRules>> = {},
): ApiBodyOptions {
  const alternatives = (Object.entries(fieldsByAction) as [A, readonly string[]][]).map(([action, fields]) => {
    const rule: ActionRules = rules[action] ?? {};
    const properties = Object.fromEntries(
      fields.map((field) => [field, { ...fieldSchemas[field], ...rule.fields?.[field] }] as const),
    );
    return {
      title: action,
      type: 'object',
      ...(rule.description ? { description: rule.description } : {}),
      properties,
      ...(rule.required?.length ? { required: [...rule.required] } : {}),
      additionalProperties: false,
    } satisfies SchemaObject;
  });
  return {
    required: false,
    description: 'The fields of the action named in the path; an action without fields takes an empty body.',
    schema: { anyOf: alternatives },
  };
}

function operations(document: OpenAPIObject): OperationObject[] {
  return Object.values(document.paths).flatMap((pathItem) =>
    HTTP_METHODS.map((method) => pathItem[method]).filter((operation) => operation !== undefined),
  );
}

/** Every error response refers to the one error model; any operation may answer 4XX or 5XX with it. */
function describeErrors(document: OpenAPIObject): void {
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ErrorBody: ERROR_BODY_SCHEMA };
  const errorContent = { 'application/json': { schema: ERROR_REF } };
  document.components.responses = {
    ...document.components.responses,
    Error: { description: 'An error, in the one error model', content: errorContent },
  };
  for (const { responses, requestBody, parameters } of operations(document)) {
    for (const [status, response] of Object.entries(responses)) {
      if (response && /^[45]/.test(status) && !('$ref' in response) && !response.content) {
        response.content = errorContent;
      }
    }
    const takesInput = requestBody !== undefined || (parameters ?? []).some((p) => !('$ref' in p) && p.in === 'query');
    if (takesInput && !responses['400']) {
      responses['400'] = { description: 'The request is malformed or fails validation', content: errorContent };
    }
    responses['4XX'] ??= { $ref: '#/components/responses/Error' };
    responses['5XX'] ??= { $ref: '#/components/responses/Error' };
  }
}

function operationId(controller: string, method: string): string {
  return `${controller.replace(/Controller$/, '')}_${method}`;
}

/** The header names a handler reads one by one (`@Headers('idempotency-key')`). */
function headersRead({ controller, name }: ControllerMethod): string[] {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, { data?: unknown }>;
  return Object.entries(args)
    .filter(
      ([key, { data }]) => Number(key.split(':')[0]) === Number(RouteParamtypes.HEADERS) && typeof data === 'string',
    )
    .map(([, { data }]) => (data as string).toLowerCase());
}

/**
 * What the handlers themselves say about each operation: routes open without sign-in
 * (`@Public()`) need no bearer token; headers read by name are parameters (an
 * `Idempotency-Key` never required); an operation whose decorators name only its errors
 * still answers its success status.
 */
function describeFromHandlers(document: OpenAPIObject, methods: ControllerMethod[]): void {
  const byOperationId = new Map(methods.map((method) => [operationId(method.controller.name, method.name), method]));
  for (const [path, pathItem] of Object.entries(document.paths)) {
    for (const verb of HTTP_METHODS) {
      const operation = pathItem[verb];
      const method = operation?.operationId ? byOperationId.get(operation.operationId) : undefined;
      if (!operation || !method) continue;
      const audience = (Reflect.getMetadata(AUDIENCE, method.handler as object) ??
        Reflect.getMetadata(AUDIENCE, method.controller)) as RouteAudience | undefined;
      if (audience?.kind === 'public') operation.security = [];

      const parameters = (operation.parameters ??= []);
      for (const header of headersRead(method)) {
        const declared = parameters.some((p) => !('$ref' in p) && p.in === 'header' && p.name.toLowerCase() === header);
        if (!declared) parameters.push({ name: header, in: 'header', required: false, schema: { type: 'string' } });
      }
      for (const parameter of parameters) {
        if ('$ref' in parameter || parameter.in !== 'header' || parameter.name.toLowerCase() !== 'idempotency-key') {
          continue;
        }
        parameter.required = false;
        parameter.description ??= 'Makes a retried request return the first outcome instead of acting twice';
      }
      if (parameters.length === 0) delete operation.parameters;

      if (!Object.keys(operation.responses).some((status) => /^([123]|default)/.test(status))) {
        const status = answerStatus(method.handler as object, verb);
        operation.responses[String(status)] = { description: `${verb.toUpperCase()} ${path} succeeded` };
      }
    }
  }
}

/** Build the OpenAPI document of every route the application has, from the code itself. */
export function buildOpenApiDocument(app: NestExpressApplication): OpenAPIObject {
  const methods = controllerMethods(app);
  const validated = describeValidatedDtos(methods);
  const builder = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Supervision loop API')
    .setDescription(
      'Workflow engine for the supervision–rectification loop of the people’s congresses ' +
        '(监督—落实—再监督—再落实). Every error has the shape of `ErrorBody`.',
    )
    .setVersion(version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The token a sign-in returns' }, 'bearer')
    .addSecurityRequirements('bearer');
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: operationId,
  });
  // The validation pipe refuses fields a body class does not declare.
  for (const type of validated) {
    const schema = document.components?.schemas?.[type.name];
    if (schema && !('$ref' in schema)) schema.additionalProperties = false;
  }
  describeFromHandlers(document, methods);
  describeErrors(document);
  return document;
}

/** Serve the document at `/docs-json` and Swagger UI (from the installed assets, no CDN) at `/docs`. */
export function setupOpenApi(app: NestExpressApplication): void {
  SwaggerModule.setup(OPENAPI_UI_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'Supervision loop API',
    swaggerOptions: { validatorUrl: null, persistAuthorization: false },
  });
}
