import http from 'node:http';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { NestExpressApplication } from '@nestjs/platform-express';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { samples } from '../../libs/evidence/src/evidence-samples';
import { AUDIENCE, type RouteAudience } from '../../apps/api/src/http/access.decorators';
import { controllerMethods } from '../../apps/api/src/http/openapi-dtos';

/*
 * Generators of malformed requests for every operation of the OpenAPI document, the raw HTTP
 * sender that delivers them byte for byte, and the digest of the business tables that tells
 * whether a refused request changed anything. See docs/security.md, "Fuzzing".
 */

// The document is walked freely: any node may be looked into.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;
export type Schema = Json;

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** The API's JSON body limit, and the questionnaire-answers route's own (inspection-http.module.ts). */
const JSON_LIMIT = 1024 * 1024;
const ANSWERS_LIMIT = 16 * 1024 * 1024;
const FORM_LIMIT = 64 * 1024;
/** Node's default limit on the request line and headers together (answered 431). */
const HEADER_LIMIT = 16 * 1024;

export interface Operation {
  /** `POST /campaigns/{campaignId}/actions/{action}` */
  label: string;
  operationId: string;
  method: string;
  path: string;
  pathParams: { name: string; schema: Schema }[];
  queryParams: { name: string; schema: Schema; required: boolean }[];
  /** The `application/json` body schema, its references resolved at the top. */
  body?: Schema;
  audience: RouteAudience;
  /** Query parameters read one by one (`@Query('limit')`), not through a validated DTO. */
  lenientQuery: boolean;
  /** The handler reads the raw request as a file (`@Req()` and no `@Body()`). */
  takesFile: boolean;
}

// ── the document ─────────────────────────────────────────────────────────────────────────

export function resolvePointer(document: Json, ref: string): Schema {
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<Json>((node, part) => node?.[part] as Json, document);
}

/** A schema with its `$ref` followed and its `allOf` folded into one. */
export function resolveSchema(document: Json, schema: Schema | undefined): Schema {
  let s: Schema = schema ?? {};
  for (let i = 0; s.$ref && i < 20; i++) s = { ...resolvePointer(document, s.$ref as string), ...omit(s, '$ref') };
  if (Array.isArray(s.allOf)) {
    const parts = (s.allOf as Schema[]).map((part) => resolveSchema(document, part));
    const merged: Schema = omit(s, 'allOf');
    for (const part of parts) {
      for (const [key, value] of Object.entries(part)) {
        if (key === 'properties') merged.properties = { ...(merged.properties as Json), ...(value as Json) };
        else if (key === 'required')
          merged.required = [...((merged.required as string[]) ?? []), ...(value as string[])];
        else merged[key] ??= value;
      }
    }
    s = merged;
  }
  return s;
}

function omit(object: Json, key: string): Json {
  const copy = { ...object };
  delete copy[key];
  return copy;
}

function operationIdOf(controller: string, method: string): string {
  return `${controller.replace(/Controller$/, '')}_${method}`;
}

/** Every operation of the document, with what its handler says about who may call it and how it reads input. */
export function operationsOf(document: Json, app: NestExpressApplication): Operation[] {
  const handlers = new Map(controllerMethods(app).map((m) => [operationIdOf(m.controller.name, m.name), m]));
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      const handler = handlers.get(operation.operationId as string);
      const audience = ((handler && Reflect.getMetadata(AUDIENCE, handler.handler as object)) ??
        (handler && Reflect.getMetadata(AUDIENCE, handler.controller)) ?? { kind: 'business' }) as RouteAudience;
      const args = Object.entries<{ data?: unknown }>(
        (handler ? Reflect.getMetadata(ROUTE_ARGS_METADATA, handler.controller, handler.name) : undefined) ?? {},
      );
      const argTypes = args.map(([key, { data }]) => [Number(key.split(':')[0]), data] as const);
      const parameters = (operation.parameters ?? []) as Json[];
      const body = operation.requestBody?.content?.['application/json']?.schema as Schema | undefined;
      operations.push({
        label: `${method.toUpperCase()} ${path}`,
        operationId: operation.operationId as string,
        method,
        path,
        pathParams: parameters
          .filter((p) => p.in === 'path')
          .map((p) => ({ name: p.name as string, schema: (p.schema ?? {}) as Schema })),
        queryParams: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({
            name: p.name as string,
            schema: resolveSchema(document, p.schema as Schema),
            required: Boolean(p.required),
          })),
        body: body ? resolveSchema(document, body) : undefined,
        audience,
        lenientQuery: argTypes.some(
          ([type, data]) => type === Number(RouteParamtypes.QUERY) && typeof data === 'string',
        ),
        takesFile:
          method === 'post' &&
          argTypes.some(([type]) => type === Number(RouteParamtypes.REQUEST)) &&
          !argTypes.some(([type]) => type === Number(RouteParamtypes.BODY)),
      });
    }
  }
  return operations;
}

// ── values ─────────────────────────────────────────────────────────────────────────────────

/**
 * Stand-ins replaced in the serialised JSON text: nesting too deep to build as a value, and
 * number literals JavaScript cannot hold (`1e400`).
 */
const MARK = '\u0001';
const deep = (kind: 'array' | 'object', depth: number) => `${MARK}DEEP:${kind}:${depth}${MARK}`;
const raw = (text: string) => `${MARK}RAW:${text}${MARK}`;

/** JSON text of a value, with the stand-ins above expanded. */
export function serialise(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0001(DEEP|RAW):(.*?)\\u0001"/g, (_, kind: string, rest: string) => {
    if (kind === 'RAW') return rest;
    const [shape, n] = rest.split(':');
    const depth = Number(n);
    return shape === 'array'
      ? `${'['.repeat(depth)}"x"${']'.repeat(depth)}`
      : `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
  });
}

/** An object with an own, enumerable key of any name (`__proto__` included), as JSON.parse makes it. */
function withKey(object: Json, key: string, value: unknown): Json {
  const copy: Json = { ...object };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (value && typeof value === 'object') {
    const copy: Json = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(copy, key, {
        value: clone((value as Json)[key]),
        enumerable: true,
        configurable: true,
        writable: true,
      });
    }
    return copy as T;
  }
  return value;
}

function typesOf(schema: Schema): string[] {
  if (Array.isArray(schema.anyOf ?? schema.oneOf)) {
    return [...new Set(((schema.anyOf ?? schema.oneOf) as Schema[]).flatMap((alt) => typesOf(alt)))];
  }
  if (schema.type) return ([] as string[]).concat(schema.type as string | string[]);
  if (schema.enum) return [...new Set((schema.enum as unknown[]).map((v) => jsonType(v)))];
  if (schema.properties) return ['object'];
  if (schema.items) return ['array'];
  return [];
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function allows(types: string[], value: unknown): boolean {
  const type = jsonType(value);
  return types.includes(type) || (type === 'integer' && types.includes('number'));
}

/** Real values for body fields, by field name: bodies built with them get past the services' checks. */
export type FieldHints = Record<string, unknown[]>;

/**
 * A schema-valid value (best effort: it is the base that mutations make invalid). Fields named
 * in `hints` take a real value (a unit that exists, an activity of the campaign), so that a
 * request differs from one the API would carry out only by what the mutations do to it.
 */
export function validArbitrary(
  document: Json,
  schema: Schema | undefined,
  hints: FieldHints = {},
  depth = 0,
): fc.Arbitrary<unknown> {
  const s = resolveSchema(document, schema);
  if (depth > 6) return fc.constant('x');
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum) && s.enum.length > 0) return fc.constantFrom(...(s.enum as unknown[]));
  const alternatives = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (Array.isArray(alternatives) && alternatives.length > 0) {
    return fc.oneof(...alternatives.map((alt) => validArbitrary(document, alt, hints, depth + 1)));
  }
  const [type] = typesOf(s);
  switch (type) {
    case 'string':
      return validString(s);
    case 'integer':
      return fc.integer({ min: (s.minimum as number) ?? -1000, max: (s.maximum as number) ?? 1000 });
    case 'number':
      return fc.integer({
        min: Math.ceil((s.minimum as number) ?? -1000),
        max: Math.floor((s.maximum as number) ?? 1000),
      });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const min = (s.minItems as number) ?? 0;
      return fc.array(validArbitrary(document, s.items as Schema, hints, depth + 1), {
        minLength: min,
        maxLength: Math.max(min, Math.min((s.maxItems as number) ?? 3, 3)),
      });
    }
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, Schema>;
      const keys = Object.keys(properties);
      if (keys.length === 0) return fc.constant({});
      const field = (key: string): fc.Arbitrary<unknown> => {
        const real = hints[key];
        if (!real?.length) return validArbitrary(document, properties[key], hints, depth + 1);
        const isArray = typesOf(resolveSchema(document, properties[key])).includes('array');
        return isArray ? fc.subarray(real, { minLength: 1 }) : fc.constantFrom(...real);
      };
      return fc.record(Object.fromEntries(keys.map((key) => [key, field(key)])), {
        requiredKeys: keys.filter((key) => ((s.required as string[]) ?? []).includes(key)),
      });
    }
    default:
      return fc.constant('x');
  }
}

function validString(s: Schema): fc.Arbitrary<string> {
  const min = (s.minLength as number) ?? 0;
  const max = (s.maxLength as number) ?? 40;
  const fits = (v: string) => v.length >= min && v.length <= max;
  if (s.format === 'date-time') return fc.constantFrom('2026-03-01T08:00:00Z', '2027-01-15T00:00:00.000+08:00');
  if (s.format === 'date') return fc.constantFrom('2026-03-01', '2027-12-31');
  if (typeof s.pattern === 'string') {
    return fc.stringMatching(new RegExp(s.pattern)).filter((v) => fits(v) && !v.includes('\u0000'));
  }
  return fc
    .oneof(
      fc.string({ minLength: min, maxLength: Math.min(max, 40) }),
      fc.constantFrom('养老服务设施', '整改情况说明', 'Ünïcödé ✓', 'note'),
    )
    .filter(fits);
}

/** Text no pattern of the API's identifiers, keys or enums accepts, each odd in its own way. */
const ODD_STRINGS = [
  '',
  ' ',
  '../../etc/passwd',
  "' OR '1'='1' --",
  '1; DROP TABLE campaign; --',
  'a b',
  '\u202egnp.exe',
  '中文标识',
  '😀',
  '-leading-dash',
  '<script>alert(1)</script>',
  '${jndi:ldap://x/a}',
  'line\nbreak',
  '\u0000',
  'Z'.repeat(300),
  'UPPER',
];

/** The number `@Type(() => Number)` would make of a query or body value. */
const asNumber = (value: unknown) => Number(value);

/** A value its validator must refuse, and what kind of wrong it is (the fault's kind). */
export interface Candidate {
  value?: unknown;
  /** Builds a value too big to build for every candidate (a string of a megabyte). */
  make?: () => unknown;
  kind: string;
}

const valueOf = (c: Candidate): unknown => (c.make ? c.make() : c.value);

/**
 * Values every validator of this schema must refuse: wrong JSON types, values past each
 * bound, text outside the pattern or enum, NUL characters, nesting far too deep. `size`
 * stretches the long ones and `depth` the nested ones. Values class-transformer could turn
 * into valid ones (`"5"` or `true` for a number, `"true"` for a boolean) are left out on purpose.
 */
export function invalidCandidates(
  document: Json,
  schema: Schema,
  required: boolean,
  size: number,
  depth: number,
): Candidate[] {
  const s = resolveSchema(document, schema);
  const types = typesOf(s);
  if (types.length === 0) return []; // anything goes
  const numeric = types.includes('integer') || types.includes('number');
  const out: Candidate[] = [
    ...[123, 'text', { $gt: '' }, ['a', 'b'], -1.5, {}, ...(numeric ? [] : [true, false])]
      .filter((v) => !allows(types, v))
      .map((value) => ({ value, kind: 'wrong type' })),
    ...(types.includes('array') ? [] : [{ value: deep('array', depth), kind: 'deep nesting' }]),
    ...(types.includes('object') ? [] : [{ value: deep('object', depth), kind: 'deep nesting' }]),
  ];
  if (required) out.push({ value: null, kind: 'null' });
  if (types.includes('string') && !s.enum) {
    if (typeof s.maxLength === 'number') {
      // Past the limit, and (but for the widest characters) still within the 1 MB body limit.
      const length = s.maxLength + 1 + size;
      out.push(
        { make: () => 'x'.repeat(length), kind: 'too long' },
        { make: () => '中'.repeat(Math.min(length, 340_000)), kind: 'too long' },
        // Lengths count characters (code points), as JSON Schema and class-validator count them.
        { make: () => '😀'.repeat(Math.min(length, 250_000)), kind: 'too long' },
      );
    }
    if (typeof s.minLength === 'number' && s.minLength > 0) out.push({ value: '', kind: 'empty' });
    if (typeof s.pattern === 'string') {
      const pattern = new RegExp(s.pattern);
      out.push(...ODD_STRINGS.filter((v) => !pattern.test(v)).map((value) => ({ value, kind: 'off pattern' })));
    }
    if (s.format === 'date-time' || s.format === 'date') {
      out.push(...['2026-02-30T25:61:00Z', 'yesterday', '2026-13-01'].map((value) => ({ value, kind: 'bad date' })));
    }
    // Free text must refuse NUL too (no column can store it); a pattern refuses it anyway.
    if (typeof s.pattern !== 'string' && !s.format) out.push({ value: 'a\u0000b', kind: 'NUL character' });
  }
  if (Array.isArray(s.enum)) {
    const members = s.enum as unknown[];
    out.push(
      ...['NOT_A_MEMBER', "'; DROP TABLE campaign; --", '', `${String(members[0])} `, String(members[0]).toUpperCase()]
        .filter((v) => !members.includes(v))
        .map((value) => ({ value, kind: 'not in enum' })),
    );
  }
  if (numeric) {
    const numbers: Candidate[] = [];
    if (typeof s.minimum === 'number') numbers.push({ value: s.minimum - 1, kind: 'out of range' });
    if (typeof s.maximum === 'number') numbers.push({ value: s.maximum + 1, kind: 'out of range' });
    numbers.push({ value: -1e308, kind: 'out of range' }, { value: 1e308, kind: 'out of range' });
    if (types.includes('integer') && !types.includes('number')) numbers.push({ value: 1.5, kind: 'not whole' });
    numbers.push(
      { value: raw('1e400'), kind: 'number literal out of range' },
      { value: raw('123456789012345678901234567890'), kind: 'number literal out of range' },
    );
    out.push(
      ...numbers.filter(({ value }) => {
        const n = typeof value === 'number' ? value : Number(String(value).slice(5, -1));
        return !numberFits(s, types, n);
      }),
    );
  }
  if (types.includes('array')) {
    if (typeof s.minItems === 'number' && s.minItems > 0) out.push({ value: [], kind: 'too few items' });
    if (typeof s.maxItems === 'number' && s.maxItems <= 2000) {
      out.push({ value: Array.from({ length: s.maxItems + 1 }, () => 'x'), kind: 'too many items' });
    }
    out.push(...[[123], [null], [{ $gt: '' }]].map((value) => ({ value, kind: 'bad item' })));
  }
  return out;
}

function numberFits(s: Schema, types: string[], n: number): boolean {
  if (!Number.isFinite(n)) return false;
  if (types.includes('integer') && !types.includes('number') && !Number.isInteger(n)) return false;
  if (typeof s.minimum === 'number' && n < s.minimum) return false;
  if (typeof s.maximum === 'number' && n > s.maximum) return false;
  return true;
}

/** Names no body or query declares, some of them dangerous to a careless merge. */
const UNKNOWN_NAMES = [
  'unexpected',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '$where',
  '',
  ' ',
  'ID',
  '中文',
  'a.b',
  'a[b]',
  'k'.repeat(1000),
];

// ── mutations of a body ──────────────────────────────────────────────────────────────────

interface Target {
  path: (string | number)[];
  schema: Schema;
  required: boolean;
  /** An object node that refuses unknown keys. */
  closed: boolean;
  /** Required keys present in an object node. */
  requiredPresent: string[];
}

function targetsOf(
  document: Json,
  value: unknown,
  schema: Schema,
  path: (string | number)[],
  required: boolean,
): Target[] {
  const s = resolveSchema(document, schema);
  const targets: Target[] = [];
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  const properties = (s.properties ?? {}) as Record<string, Schema>;
  const requiredKeys = (s.required ?? []) as string[];
  targets.push({
    path,
    schema: s,
    required,
    closed: isObject && s.additionalProperties === false && !(s.anyOf ?? s.oneOf),
    requiredPresent: isObject ? requiredKeys.filter((k) => Object.hasOwn(value as Json, k)) : [],
  });
  if (s.anyOf ?? s.oneOf) return targets; // which alternative a value meant is not ours to guess
  if (isObject) {
    for (const key of Object.keys(value)) {
      if (properties[key]) {
        targets.push(
          ...targetsOf(document, (value as Json)[key], properties[key], [...path, key], requiredKeys.includes(key)),
        );
      }
    }
  } else if (Array.isArray(value) && s.items) {
    value
      .slice(0, 2)
      .forEach((element, i) => targets.push(...targetsOf(document, element, s.items as Schema, [...path, i], true)));
  }
  return targets;
}

function setAt(root: unknown, path: (string | number)[], update: (node: unknown) => unknown): unknown {
  if (path.length === 0) return update(root);
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    copy[head as number] = setAt(copy[head as number], rest, update);
    return copy;
  }
  const object = root as Json;
  return withKey(object, head as string, setAt(object[head as string], rest, update));
}

export type MutationKind = 'replace' | 'delete' | 'unknownKey';
export interface Mutation {
  kind: MutationKind;
  where: number;
  pick: number;
  size: number;
  depth: number;
  name: string;
}

/** The unknown field names whose refusal matters most; any other is just `unknown field`. */
const NOTABLE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/** Apply one mutation that leaves the body invalid, and say what it did. */
function mutate(document: Json, body: unknown, schema: Schema, m: Mutation): { body: unknown; fault: Fault } {
  const targets = targetsOf(document, body, schema, [], true);
  const at = (t: Target) => (t.path.length ? t.path.join('.') : '(body)');
  if (m.kind === 'delete') {
    const holders = targets.filter((t) => t.requiredPresent.length > 0);
    if (holders.length > 0) {
      const t = holders[m.where % holders.length];
      const key = t.requiredPresent[m.pick % t.requiredPresent.length];
      const updated = setAt(body, t.path, (node) => {
        const copy = clone(node as Json);
        delete copy[key];
        return copy;
      });
      return { body: updated, fault: { kind: 'missing field', text: `missing ${[...t.path, key].join('.')}` } };
    }
  }
  if (m.kind === 'unknownKey') {
    const closed = targets.filter((t) => t.closed);
    if (closed.length > 0) {
      const t = closed[m.where % closed.length];
      const names = [...UNKNOWN_NAMES, m.name].filter((n) => !Object.hasOwn((t.schema.properties ?? {}) as Json, n));
      const name = names[m.pick % names.length];
      const values = [1, 'x', null, {}, [], deep('object', 20)];
      const updated = setAt(body, t.path, (node) => withKey(node as Json, name, values[m.size % values.length]));
      const shown = JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
      return {
        body: updated,
        fault: {
          kind: NOTABLE_NAMES.has(name) ? `unknown field ${name}` : 'unknown field',
          text: `unknown field ${shown} in ${at(t)}`,
        },
      };
    }
  }
  // Replace a value (the body itself, at worst) by one its schema refuses: each kind of wrong
  // (a NUL character, nesting too deep, …) as likely as another, whatever the body holds.
  const options = targets.flatMap((t) =>
    invalidCandidates(document, t.schema, t.required, m.size, m.depth).map((c) => ({ t, c })),
  );
  const kinds = [...new Set(options.map(({ c }) => c.kind))];
  const kind = kinds[m.pick % kinds.length];
  const ofKind = options.filter(({ c }) => c.kind === kind);
  const { t, c } = ofKind[(m.where + Math.floor(m.pick / kinds.length)) % ofKind.length];
  const value = valueOf(c);
  return { body: setAt(body, t.path, () => value), fault: { kind, text: `${at(t)} = ${preview(value)}` } };
}

function preview(value: unknown): string {
  if (typeof value === 'string' && value.startsWith(MARK)) return value.slice(1, -1).toLowerCase();
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 40)}… (${text.length} chars)` : text;
}

// ── requests ─────────────────────────────────────────────────────────────────────────────

export type CallerName = string;

/** What the world gives the generators: real resources, and who can call. */
export interface FuzzWorld {
  document: Json;
  operations: Operation[];
  /** Real values for path parameters, by name (several: one is picked). */
  params: Record<string, string[]>;
  /** Real values for body fields, by name. */
  fields: FieldHints;
  /** Authorization headers of the callers, by name. */
  tokens: Record<CallerName, string>;
  /** Business callers: a committee staff member who owns the resources, and a department handler. */
  business: CallerName[];
  /** Callers of self-service writes (own password, sign-out, second factor): a throw-away account. */
  self: CallerName[];
  admins: Record<'system_admin' | 'security_admin' | 'audit_admin', CallerName>;
}

/** One thing wrong with a request: `kind` names the cause (one counterexample is kept per cause). */
export interface Fault {
  kind: string;
  text: string;
}

export interface FuzzRequest {
  operation: string;
  method: string;
  /** Path and query, exactly as sent. */
  target: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
  caller: string;
  /** What makes this request one the API must refuse. */
  faults: Fault[];
  /** Oddities that need not be refused (they are for the other properties only). */
  oddities: Fault[];
  mustRefuse: boolean;
}

function bodyPreview(body: Buffer | undefined): string {
  if (!body) return '(none)';
  const text = body.subarray(0, 300).toString('utf8');
  return body.length > 300 ? `${JSON.stringify(text)}… (${body.length} bytes)` : JSON.stringify(text);
}

/** How a request is shown in a counterexample: what was sent, never a megabyte of it. */
export function describeRequest(r: FuzzRequest): string {
  const headers = Object.entries(r.headers)
    .map(([k, v]) => {
      const text = Array.isArray(v) ? v.join(' | ') : v;
      return `${k}: ${text.length > 120 ? `${text.slice(0, 100)}… (${text.length} chars)` : text}`;
    })
    .join('; ');
  const target = r.target.length > 300 ? `${r.target.slice(0, 300)}… (${r.target.length} chars)` : r.target;
  const list = (faults: Fault[]) => faults.map((f) => f.text).join(', ');
  return (
    `${r.method} ${target} as ${r.caller}\n    headers: ${headers || '(none)'}\n    body: ${bodyPreview(r.body)}\n` +
    `    faults: ${list(r.faults) || '(none)'}${r.oddities.length ? `; oddities: ${list(r.oddities)}` : ''}`
  );
}

/** One of these values, drawn by weight; a counterexample shrinks towards the first. */
const weighted = <T>(...entries: [number, T][]) =>
  fc.oneof({ withCrossShrink: true }, ...entries.map(([weight, value]) => ({ weight, arbitrary: fc.constant(value) })));
const sometimes = (oneIn: number) => weighted<boolean>([oneIn - 1, false], [1, true]);

interface Segment {
  raw: string;
  kind: string;
}

/** Path segments that are not the resource they stand for, already as they go on the wire. */
function oddSegments(real: string | undefined, length: number): Segment[] {
  const encoded = real ? encodeURIComponent(real) : 'x';
  const segment = (raw: string, kind: string) => ({ raw, kind });
  return [
    segment('no-such-thing', 'unknown id'),
    segment('..', 'dot segment'),
    segment('.', 'dot segment'),
    segment('%2e%2e', 'dot segment'),
    segment('%2F', 'encoded slash'),
    segment('a%2F..%2F..%2Fetc%2Fpasswd', 'encoded slash'),
    segment(`${encoded}%2F..`, 'encoded slash'),
    segment(`${encoded}'`, 'quote'),
    segment(`${encoded}%00`, 'NUL character'),
    segment('%00', 'NUL character'),
    segment('%E0%A4%A', 'bad percent-encoding'),
    segment('%zz', 'bad percent-encoding'),
    segment('%', 'bad percent-encoding'),
    segment('%C0%AE%C0%AE', 'bad percent-encoding'),
    segment(encodeURIComponent("' OR '1'='1' --"), 'SQL-ish'),
    segment(encodeURIComponent('1; DROP TABLE campaign; --'), 'SQL-ish'),
    segment(encodeURIComponent('中文标识'), 'odd unicode'),
    segment(encodeURIComponent('\u202e😀'), 'odd unicode'),
    segment('%ED%A0%80', 'bad percent-encoding'),
    segment('__proto__', 'prototype key'),
    segment('constructor', 'prototype key'),
    segment('toString', 'prototype key'),
    segment(encodeURIComponent('{"$gt":""}'), 'operator'),
    segment('-1', 'unknown id'),
    segment('null', 'unknown id'),
    segment(`${encoded}${'A'.repeat(200 + length)}`, 'very long'),
  ];
}

/** Route parameters the access guard resolves to a campaign (or an action), before anything else. */
const GUARDED_PARAMS = new Set(['campaignId', 'findingId', 'snapshotId', 'action']);

const BAD_TOKEN_KINDS = 12;
function badToken(real: string, pick: number): string {
  const token = real.replace(/^Bearer /, '');
  const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
  const values = [
    'Bearer xxxxxxxxx',
    `Bearer ${flipped}`,
    `bearer ${token}`,
    token,
    `Bearer  ${token}`,
    'Basic dXNlcjpwYXNzd29yZA==',
    `Bearer ${token}$`,
    "Bearer ' OR 1=1 --",
    `Bearer ${'A'.repeat(201)}`,
    `Bearer ${token}, Bearer ${token}`,
    '',
    'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.',
  ];
  return values[pick % BAD_TOKEN_KINDS];
}

const INVALID_IDEMPOTENCY_KEYS: (string | string[])[] = [
  '',
  'short',
  'k'.repeat(129),
  'has space in it',
  "';DROP TABLE outbox--",
  'a/b/c/d/e/f/g/h',
  Buffer.from('幂等键-unicode-0001', 'utf8').toString('latin1'),
  '%00%00%00%00%00',
  'key\u00ff\u00fe12345678',
  ['valid-key-0001', 'valid-key-0002'],
];

const MALFORMED_JSON = [
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '{"a":1}}',
  '[1,2',
  'NaN',
  '{"a":NaN}',
  '{"a":undefined}',
  '{a:1}',
  '{"a":1 /* comment */}',
  '\u0000',
  '{"a":"\u0000',
  '<xml/>',
  'null x',
  '{"__proto__":',
  '\ufeff\ufeff{}',
  '{"a":"\\uZZZZ"}',
  '{"a":01}',
  '{"a":.5}',
];

/** Text that JSON.parse refuses, or a top level other than an object or array (the parser is strict). */
function isMalformedJson(text: string): boolean {
  const stripped = text.replace(/^\ufeff/, '');
  if (stripped.trim() === '') return false;
  if (!/^[\x20\x09\x0a\x0d]*[[{]/.test(stripped)) return true;
  try {
    JSON.parse(stripped);
    return false;
  } catch {
    return true;
  }
}

/** Bodies other than an object; an empty array is left out (an action taking no fields reads it as `{}`). */
const nonObjectBodies = (base: string, depth: number): Fault[] => [
  { kind: 'body not an object', text: '"a string"' },
  { kind: 'body not an object', text: '123' },
  { kind: 'body not an object', text: 'true' },
  { kind: 'body not an object', text: 'null' },
  { kind: 'body not an object', text: '[{}]' },
  { kind: 'body not an object', text: `[${base}]` },
  { kind: 'body not an object', text: '[null]' },
  { kind: 'deep nesting', text: `${'['.repeat(depth)}"x"${']'.repeat(depth)}` },
];

const BAD_CHARSETS = ['latin9', 'iso-8859-1', 'koi8-r', 'shift_jis', 'x-fuzz', 'us-ascii'];
const BAD_ENCODINGS = ['gzip', 'deflate', 'br', 'compress', 'x-fuzz', 'gzip, gzip'];
const OTHER_CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'text/html',
  'multipart/form-data; boundary=fuzz',
  'application/octet-stream',
  'image/png',
  null,
  'application/javascript',
];

const UPLOAD_FAULTS = ['exe', 'empty', 'html', 'fakeZip', 'text', 'elf', 'svg'] as const;
function uploadContent(kind: string): Buffer {
  switch (kind) {
    case 'exe':
      return samples.exe();
    case 'empty':
      return Buffer.alloc(0);
    case 'html':
      return Buffer.from('<!doctype html><script>alert(1)</script>');
    case 'fakeZip':
      return Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(600, 0x41)]);
    case 'text':
      return Buffer.from('plain text, not a document\n');
    case 'elf':
      return Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(64)]);
    case 'svg':
      return Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    default:
      return samples.pdf();
  }
}

function templateMatcher(template: string): RegExp {
  const source = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${source}$`);
}

interface Plan {
  caller: 'legit' | 'anonymous' | 'badToken' | 'wrongAudience';
  callerPick: number;
  params: { odd: boolean; pick: number; size: number }[];
  query: {
    mode: 'none' | 'valid' | 'bad';
    valid: Json;
    badKind: 'unknown' | 'repeat' | 'invalid';
    pick: number;
    size: number;
  };
  body: { mode: string; base: unknown; mutations: Mutation[]; pick: number; size: number; depth: number };
  idempotency: { mode: 'none' | 'valid' | 'invalid'; pick: number; key: string };
  wrongMethod: boolean;
  methodPick: number;
  overflow: boolean;
  overflowSize: number;
}

const depthArbitrary = fc.integer({ min: 1, max: 6000 });

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.record({
  kind: weighted<MutationKind>([5, 'replace'], [2, 'delete'], [3, 'unknownKey']),
  where: fc.nat(),
  pick: fc.nat(),
  size: fc.nat({ max: 900_000 }),
  depth: depthArbitrary,
  name: fc.string({ maxLength: 12 }),
});

/** How many of the runs an operation gets, relatively: more for more input to get wrong. */
export function operationWeight(document: Json, op: Operation): number {
  const fields = (schema: Schema | undefined, depth = 0): number => {
    const s = resolveSchema(document, schema);
    if (depth > 4) return 0;
    const alternatives = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
    if (alternatives) return alternatives.reduce((n, alt) => n + fields(alt, depth + 1), 0) / 2;
    const properties = Object.values((s.properties ?? {}) as Record<string, Schema>);
    return (
      properties.reduce((n, p) => n + 1 + fields(p, depth + 1), 0) +
      (s.items ? fields(s.items as Schema, depth + 1) : 0)
    );
  };
  return (
    2 +
    op.pathParams.length +
    Math.min(op.queryParams.length, 6) / 2 +
    (op.body ? 2 + Math.min(fields(op.body), 40) / 4 : 0) +
    (op.takesFile ? 4 : 0)
  );
}

/** The generator of one operation's requests: each carries at least one fault or oddity. */
export function requestArbitrary(world: FuzzWorld, op: Operation): fc.Arbitrary<FuzzRequest> {
  const document = world.document;
  const alternatives = (op.body?.anyOf ?? op.body?.oneOf) as Schema[] | undefined;
  const bodySchemaFor = (action: string | undefined): Schema | undefined =>
    alternatives ? resolveSchema(document, alternatives.find((a) => a.title === action) ?? alternatives[0]) : op.body;
  const baseArbitrary: fc.Arbitrary<unknown> = op.body
    ? alternatives
      ? fc.oneof(...alternatives.map((alt) => validArbitrary(document, alt, world.fields)))
      : validArbitrary(document, op.body, world.fields)
    : fc.constant(undefined);
  const validQuery = fc.record(
    Object.fromEntries(op.queryParams.map((p) => [p.name, validArbitrary(document, p.schema).map(String)])),
    { requiredKeys: [] },
  );
  const bodyModes: [number, string][] = op.takesFile
    ? [
        [40, 'file'],
        [60, 'badFile'],
        [10, 'jsonInstead'],
        [10, 'malformedJson'],
        [10, 'tooLarge'],
      ]
    : op.body
      ? [
          [30, 'valid'],
          [100, 'mutated'],
          [10, 'nonObject'],
          [10, 'malformedJson'],
          [10, 'badCharset'],
          [10, 'badEncoding'],
          // The questionnaire route takes 16 MB: a body past that is sent now and then only.
          [op.path.endsWith('/answers') ? 1 : 10, 'tooLarge'],
          [10, 'otherContentType'],
          [10, 'formOfJson'],
        ]
      : [
          [80, 'none'],
          [20, 'noise'],
          [10, 'malformedJson'],
          [10, 'badCharset'],
          [10, 'badEncoding'],
          [10, 'tooLarge'],
        ];
  const plan: fc.Arbitrary<Plan> = fc.record({
    caller: weighted<Plan['caller']>([14, 'legit'], [2, 'anonymous'], [2, 'badToken'], [2, 'wrongAudience']),
    callerPick: fc.nat(),
    params: fc.tuple(
      ...op.pathParams.map(() => fc.record({ odd: sometimes(7), pick: fc.nat(), size: fc.nat({ max: 7_800 }) })),
    ),
    query: fc.record({
      mode: weighted<Plan['query']['mode']>([4, 'none'], [3, 'valid'], [op.queryParams.length ? 3 : 1, 'bad']),
      valid: validQuery,
      badKind: weighted<Plan['query']['badKind']>([1, 'unknown'], [1, 'repeat'], [3, 'invalid']),
      pick: fc.nat(),
      size: fc.nat({ max: 6_000 }),
    }),
    body: fc.record({
      mode: weighted(...bodyModes),
      base: baseArbitrary,
      mutations: fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 }),
      pick: fc.nat(),
      size: fc.nat({ max: 100_000 }),
      depth: depthArbitrary,
    }),
    idempotency: fc.record({
      mode: weighted<Plan['idempotency']['mode']>([6, 'none'], [2, 'valid'], [2, 'invalid']),
      pick: fc.nat(),
      key: fc.stringMatching(/^[A-Za-z0-9._:-]{8,64}$/),
    }),
    wrongMethod: sometimes(25),
    methodPick: fc.nat(),
    overflow: sometimes(150),
    overflowSize: fc.nat({ max: 16_000 }),
  });
  // Half the requests are surgical: the right caller, real resources, and one fault only, so
  // that they get as far into the API as a request that would be carried out.
  const focuses = [
    ...(op.body || op.takesFile ? ['body', 'body', 'body'] : []),
    ...(op.queryParams.length && !op.takesFile ? ['query'] : []),
    ...(op.pathParams.length ? ['param'] : []),
  ];
  const surgical = (p: Plan, focus: number): Plan => {
    if (focuses.length === 0) return p;
    const on = focuses[focus % focuses.length];
    const keep = <T>(mode: T, bad: T, instead: T) => (mode === bad ? instead : mode);
    return {
      ...p,
      caller: 'legit',
      params: p.params.map((param, i) => ({ ...param, odd: on === 'param' && i === focus % p.params.length })),
      query: { ...p.query, mode: on === 'query' ? 'bad' : keep(p.query.mode, 'bad', 'valid') },
      body: {
        ...p.body,
        mode:
          on === 'body' ? (op.takesFile ? 'badFile' : 'mutated') : op.takesFile ? 'file' : op.body ? 'valid' : 'none',
        mutations: p.body.mutations.slice(0, 1),
      },
      idempotency: { ...p.idempotency, mode: keep(p.idempotency.mode, 'invalid', 'none') },
      wrongMethod: false,
      overflow: false,
    };
  };
  return fc
    .tuple(plan, weighted([1, false], [1, true]), fc.nat())
    .map(([p, precise, focus]) => buildRequest(world, op, precise ? surgical(p, focus) : p, bodySchemaFor))
    .filter((r) => r.faults.length + r.oddities.length > 0);
}

function buildRequest(
  world: FuzzWorld,
  op: Operation,
  p: Plan,
  bodySchemaFor: (action: string | undefined) => Schema | undefined,
): FuzzRequest {
  const document = world.document;
  const faults: Fault[] = [];
  const oddities: Fault[] = [];
  const headers: Record<string, string | string[]> = {};
  const fault = (kind: string, text: string = kind) => faults.push({ kind, text });

  // Who calls.
  const audience = op.audience;
  const admins = world.admins;
  const allAdmins = Object.values(admins);
  let legit: CallerName[];
  let wrong: CallerName[] = [];
  switch (audience.kind) {
    case 'public':
      legit = ['anonymous'];
      break;
    case 'signed-in':
      legit = op.method === 'get' ? [...world.business, admins.system_admin, admins.audit_admin] : world.self;
      break;
    case 'admin':
      legit = audience.roles.map((role) => admins[role]);
      wrong = [...world.business, ...allAdmins.filter((a) => !legit.includes(a))];
      break;
    default:
      legit = world.business;
      wrong = allAdmins;
  }
  let caller = legit[p.callerPick % legit.length];
  const someToken = world.tokens[caller] ?? world.tokens[world.business[0]];
  if (p.caller === 'anonymous' && audience.kind !== 'public') {
    caller = 'anonymous';
    fault('no sign-in');
  } else if (p.caller === 'badToken') {
    const value = badToken(someToken, p.callerPick);
    caller = 'bad token';
    headers.authorization = value;
    if (audience.kind !== 'public') fault('bad token', `bad token #${p.callerPick % BAD_TOKEN_KINDS}`);
  } else if (p.caller === 'wrongAudience' && wrong.length > 0) {
    caller = wrong[p.callerPick % wrong.length];
    fault('wrong caller', `${caller} may not call it`);
  }
  if (caller !== 'anonymous' && caller !== 'bad token') headers.authorization = world.tokens[caller];

  // Where: the path, its parameters real or odd.
  let action: string | undefined;
  let path = op.path;
  op.pathParams.forEach((param, i) => {
    const choice = p.params[i];
    const reals = (param.schema.enum as string[] | undefined) ?? world.params[param.name] ?? [];
    const real = reals.length ? reals[choice.pick % reals.length] : undefined;
    let segment: string;
    if (!choice.odd && real !== undefined) {
      segment = encodeURIComponent(real);
      if (param.name === 'action') action = real;
    } else {
      const pattern = typeof param.schema.pattern === 'string' ? new RegExp(param.schema.pattern) : null;
      const odd = oddSegments(real, choice.size).filter(({ raw }) => {
        if (!pattern) return true;
        try {
          return !pattern.test(decodeURIComponent(raw));
        } catch {
          return true;
        }
      });
      const chosen = odd[choice.pick % odd.length];
      segment = chosen.raw;
      // A campaign, finding, snapshot or item must exist before anything else is looked at; on a
      // write, so must every other resource the path names (and a key must be well-formed).
      const guarded =
        GUARDED_PARAMS.has(param.name) ||
        (param.name === 'itemId' && !op.pathParams.some((q) => q.name === 'campaignId')) ||
        pattern !== null;
      const shown = segment.length > 40 ? `${segment.slice(0, 30)}… (${segment.length} chars)` : segment;
      const odder = { kind: `path: ${chosen.kind}`, text: `${param.name} ${shown}` };
      if (real !== undefined && (guarded || op.method !== 'get')) faults.push(odder);
      else oddities.push(odder);
    }
    path = path.replace(`{${param.name}}`, segment);
  });

  // The query.
  const pairs: [string, string][] = [];
  const documented = op.queryParams;
  if (op.takesFile) {
    if (p.query.mode === 'bad') {
      const bad = p.query.pick % 3;
      if (bad === 1) pairs.push(['fileName', '']);
      if (bad === 2) pairs.push(['fileName', `${'n'.repeat(252 + p.query.size)}.pdf`]);
      fault('bad fileName', ['no fileName', 'empty fileName', 'fileName too long'][bad]);
    } else {
      const names = ['整改报告.pdf', 'photo.png', `${'a'.repeat(251)}.pdf`];
      pairs.push(['fileName', names[p.query.pick % names.length]]);
    }
  } else {
    if (p.query.mode !== 'none') {
      for (const [name, value] of Object.entries(p.query.valid)) pairs.push([name, value as string]);
    }
    if (p.query.mode === 'bad') {
      const kind = documented.length === 0 ? 'unknown' : p.query.badKind;
      let odder: Fault;
      if (kind === 'unknown') {
        const names = [...UNKNOWN_NAMES, 'limit[a]', 'sort[$ne]', 'LIMIT', 'limit '].filter(
          (n) => !documented.some((q) => q.name === n),
        );
        const name = names[p.query.pick % names.length];
        pairs.push([name, 'x']);
        odder = {
          kind: NOTABLE_NAMES.has(name) ? `unknown query ${name}` : 'unknown query',
          text: `unknown query ${JSON.stringify(name.length > 20 ? `${name.slice(0, 20)}…` : name)}`,
        };
      } else {
        const param = documented[p.query.pick % documented.length];
        if (kind === 'repeat' && param.schema.format !== 'date-time') {
          const value = String(p.query.valid[param.name] ?? firstValidQuery(param.schema));
          pairs.push([param.name, value], [param.name, value]);
          odder = { kind: 'repeated query', text: `repeated query ${param.name}` };
        } else {
          const values = invalidQueryValues(param.schema, p.query.size, op.lenientQuery);
          const chosen = values[Math.floor(p.query.pick / documented.length) % values.length];
          const value = valueOf(chosen) as string;
          const valueKind = chosen.kind;
          pairs.splice(0, pairs.length, ...pairs.filter(([n]) => n !== param.name));
          pairs.push([param.name, value]);
          const text = value;
          odder = {
            kind: `query: ${valueKind}`,
            text: `query ${param.name}=${text.length > 30 ? `${text.slice(0, 20)}… (${text.length} chars)` : JSON.stringify(text)}`,
          };
        }
      }
      // Routes that take no query ignore it (noise); those that read it one by one may fall back.
      if (op.lenientQuery) oddities.push(odder);
      else if (documented.length > 0) faults.push(odder);
    }
  }
  const query = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

  // The body.
  let body: Buffer | undefined;
  const mode = p.body.mode;
  const schema = bodySchemaFor(action);
  const baseText = p.body.base === undefined ? '{}' : serialise(p.body.base);
  const limit = op.path.endsWith('/answers') ? ANSWERS_LIMIT : JSON_LIMIT;
  const setBody = (text: string | Buffer, type: string | null = 'application/json') => {
    body = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    if (type) headers['content-type'] = type;
  };
  const shorten = (text: string) => JSON.stringify(text.length > 30 ? `${text.slice(0, 20)}…` : text);
  switch (mode) {
    case 'file':
    case 'badFile': {
      const kind = mode === 'file' ? 'pdf' : UPLOAD_FAULTS[p.body.pick % UPLOAD_FAULTS.length];
      setBody(uploadContent(kind), ['application/octet-stream', 'application/pdf', 'image/png'][p.body.pick % 3]);
      if (mode === 'badFile') fault(`file: ${kind}`);
      break;
    }
    case 'jsonInstead':
      setBody('{"not":"a file"}');
      fault('JSON instead of a file');
      break;
    case 'valid':
      setBody(baseText);
      break;
    case 'mutated': {
      let value: unknown = clone(p.body.base ?? {});
      for (const m of p.body.mutations) {
        const result = mutate(document, value, schema ?? {}, m);
        value = result.body;
        faults.push(result.fault);
      }
      setBody(serialise(value));
      break;
    }
    case 'nonObject': {
      const options = nonObjectBodies(baseText, p.body.depth);
      const chosen = options[p.body.pick % options.length];
      setBody(chosen.text);
      fault(
        chosen.kind,
        `body ${shorten(chosen.text)}${chosen.text.length > 30 ? ` (${chosen.text.length} chars)` : ''}`,
      );
      break;
    }
    case 'malformedJson': {
      const truncated = baseText.slice(0, 1 + (p.body.size % Math.max(1, baseText.length - 1)));
      const options = [...MALFORMED_JSON, truncated, `${baseText},`, '['.repeat(p.body.depth)].filter(isMalformedJson);
      const text = options[p.body.pick % options.length];
      setBody(text);
      fault('malformed JSON', `malformed JSON ${shorten(text)}`);
      break;
    }
    case 'badCharset': {
      const charset = BAD_CHARSETS[p.body.pick % BAD_CHARSETS.length];
      setBody(baseText, `application/json; charset=${charset}`);
      fault('bad charset', `charset ${charset}`);
      break;
    }
    case 'badEncoding': {
      const encoding = BAD_ENCODINGS[p.body.pick % BAD_ENCODINGS.length];
      setBody(baseText);
      headers['content-encoding'] = encoding;
      fault('bad Content-Encoding', `Content-Encoding ${encoding} on plain text`);
      break;
    }
    case 'tooLarge': {
      if (p.body.pick % 4 === 3) {
        setBody(`a=${'x'.repeat(FORM_LIMIT + p.body.size)}`, 'application/x-www-form-urlencoded');
      } else {
        setBody(`{"pad":"${'x'.repeat(limit + p.body.size)}"}`);
      }
      fault('body too large', `body of ${body!.length} bytes`);
      break;
    }
    case 'otherContentType': {
      // Not parsed, the JSON would be read as an empty body: a body the API cannot read must be
      // refused, even by a route none of whose fields is required.
      const type = OTHER_CONTENT_TYPES[p.body.pick % OTHER_CONTENT_TYPES.length];
      setBody(baseText, type);
      fault('other Content-Type', `Content-Type ${type ?? '(none)'}`);
      break;
    }
    case 'formOfJson':
      setBody(baseText, 'application/x-www-form-urlencoded');
      fault('JSON sent as a form');
      break;
    case 'noise':
      setBody(serialise({ unexpected: p.body.pick, nested: { a: [1, 2] } }));
      break;
    default:
  }

  // Idempotency-Key.
  const takesKey = audience.kind !== 'public' && (op.method === 'post' || op.method === 'put');
  if (p.idempotency.mode === 'valid') {
    headers['idempotency-key'] = `fz.${p.idempotency.key}`;
  }
  if (p.idempotency.mode === 'invalid') {
    const key = INVALID_IDEMPOTENCY_KEYS[p.idempotency.pick % INVALID_IDEMPOTENCY_KEYS.length];
    headers['idempotency-key'] = key;
    if (takesKey) fault('bad Idempotency-Key', `Idempotency-Key ${JSON.stringify(key).slice(0, 40)}`);
  }

  // The method.
  let method = op.method.toUpperCase();
  if (p.wrongMethod) {
    const concrete = path;
    const taken = new Set(
      world.operations.filter((o) => templateMatcher(o.path).test(concrete) || o.path === op.path).map((o) => o.method),
    );
    const free = HTTP_METHODS.filter((m) => !taken.has(m));
    if (free.length > 0) {
      method = free[p.methodPick % free.length].toUpperCase();
      fault('wrong method', `method ${method}`);
    }
  }

  // Headers past Node's limit.
  if (p.overflow) {
    headers['x-fuzz-padding'] = 'p'.repeat(HEADER_LIMIT + p.overflowSize);
    fault('headers too large', `headers over ${HEADER_LIMIT} bytes`);
  }
  const built: FuzzRequest = {
    operation: op.label,
    method,
    target: query ? `${path}?${query}` : path,
    headers,
    body,
    caller,
    faults,
    oddities,
    mustRefuse: faults.length > 0,
  };
  // How fast-check prints it in a counterexample.
  Object.defineProperty(built, fc.toStringMethod, { value: () => describeRequest(built) });
  return built;
}

function firstValidQuery(schema: Schema): string {
  if (Array.isArray(schema.enum)) return String(schema.enum[0]);
  if (schema.type === 'integer' || schema.type === 'number') return String(schema.minimum ?? 1);
  if (schema.type === 'boolean') return 'true';
  return 'x';
}

/**
 * Query values the parameter's validator refuses (as strings, which is all a query holds). For a
 * parameter read leniently, the odd-but-documented ones too (a negative or infinite integer).
 */
function invalidQueryValues(schema: Schema, size: number, lenient: boolean): Candidate[] {
  const type = schema.type as string | undefined;
  const long = 'q'.repeat(((schema.maxLength as number) ?? 200) + 1 + size);
  const as = (kind: string) => (value: string) => ({ value, kind });
  if (type === 'integer' || type === 'number') {
    const numbers: Candidate[] = [
      ...['abc', '0x1g', '', 'NaN', '1,2', '1; DROP TABLE campaign'].map(as('not a number')),
      ...['1.5', '-0.5'].map(as('not whole')),
      ...['-1', String(((schema.minimum as number) ?? 0) - 1), String(((schema.maximum as number) ?? 1e15) + 1)].map(
        as('out of range'),
      ),
      ...['1e309', 'Infinity', '-Infinity', '99999999999999999999', '1e3'].map(as('huge')),
    ];
    return lenient ? numbers : numbers.filter(({ value }) => !numberFits(schema, [type], asNumber(value)));
  }
  if (type === 'boolean') return ['1', 'yes', 'TRUE', '', 'true ', 'null', 'on'].map(as('not a boolean'));
  const odd = [...ODD_STRINGS, 'title; DROP TABLE campaign', '-createdAt,title'];
  if (schema.format === 'date-time') {
    return ['yesterday', '2026-13-45', 'NaN', '', "'; DROP TABLE audit_log; --"]
      .filter((v) => Number.isNaN(new Date(v).getTime()))
      .map(as('bad date'));
  }
  const fits = (v: string) =>
    v.length <= ((schema.maxLength as number) ?? Infinity) &&
    (!Array.isArray(schema.enum) || (schema.enum as unknown[]).includes(v)) &&
    (typeof schema.pattern !== 'string' || new RegExp(schema.pattern).test(v));
  return [
    ...odd.filter((v) => !fits(v)).map(as(Array.isArray(schema.enum) ? 'not in enum' : 'off pattern')),
    ...(schema.maxLength || schema.pattern || schema.enum ? [as('too long')(long)] : []),
    // NUL is no text at all, whatever the parameter's rules: it must be refused.
    as('NUL character')('a\u0000b'),
  ];
}

// ── sending ──────────────────────────────────────────────────────────────────────────────

export interface FuzzResponse {
  status?: number;
  headers?: http.IncomingHttpHeaders;
  body?: Buffer;
  error?: string;
}

/** Send the request byte for byte, on a connection of its own; the answer, or why there was none. */
export function send(port: number, r: FuzzRequest): Promise<FuzzResponse> {
  return new Promise((resolve) => {
    let answered = false;
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        method: r.method,
        path: r.target,
        agent: false,
        headers: { ...r.headers, ...(r.body ? { 'content-length': String(r.body.length) } : {}) },
      },
      (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        const done = () =>
          resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) });
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    request.setTimeout(30_000, () => request.destroy(new Error('no answer within 30 s')));
    request.on('error', (error) => {
      if (!answered) resolve({ error: error.message });
    });
    request.end(r.body);
  });
}

// ── state ────────────────────────────────────────────────────────────────────────────────

/**
 * Tables a refused request may change: the audit trail records refusals, a session notes when it
 * was last seen, sign-in limits count attempts, and an Idempotency-Key keeps the refusal it got.
 */
export const TABLES_REFUSALS_MAY_CHANGE = [
  'audit_log',
  'audit_chain_head',
  'auth_session',
  'rate_limit_window',
  'idempotent_request',
];

/** The business tables: every table of the schema but those above. */
export async function businessTables(dataSource: DataSource): Promise<string[]> {
  const rows = await dataSource.query<{ table_name: string }[]>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name).filter((name) => !TABLES_REFUSALS_MAY_CHANGE.includes(name));
}

/** Per table: its row count and an MD5 of every row, in one round trip. */
export async function digest(dataSource: DataSource, tables: string[]): Promise<Record<string, string>> {
  const columns = tables.map(
    (t) =>
      `(SELECT count(*) || ':' || md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) FROM "${t}" x) AS "${t}"`,
  );
  const [row] = await dataSource.query<Record<string, string>[]>(`SELECT ${columns.join(', ')}`);
  return row;
}

/** The tables whose digest differs, with their row counts before and after. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after })
    .filter((t) => before[t] !== after[t])
    .map((t) => `${t} (rows ${before[t]?.split(':')[0]} → ${after[t]?.split(':')[0]})`);
}

// ── what the server logged ───────────────────────────────────────────────────────────────

/**
 * What the API logged about the requests: the stack of each unexpected error, by the `errorId`
 * its answer carries (the error filter logs `unexpected error <errorId>: <stack>` before it
 * answers), and every audit record it could not append (`could not append to the audit log`,
 * logged as the append fails, right after the answer). Those lines are kept here, and out of
 * the test output, so that a 500 can be told apart from another by its cause and a refusal left
 * out of the audit trail can be pinned on the request.
 */
export function captureServerLog(): {
  stack: (errorId: string) => string | undefined;
  auditFailures: string[];
  restore: () => void;
} {
  const stacks = new Map<string, string>();
  const auditFailures: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = String(chunk).replace(/\x1b\[[0-9;]*m/g, '');
    const unexpected = /unexpected error ([0-9a-f-]{36}): ([\s\S]*)$/.exec(text);
    if (unexpected) {
      stacks.set(unexpected[1], unexpected[2].trim());
      return true;
    }
    const audit = /could not append to the audit log(?: \([^)]*\))?: (.*)/.exec(text);
    if (audit) {
      auditFailures.push(audit[1].trim());
      return true;
    }
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  };
  return {
    stack: (errorId) => stacks.get(errorId),
    auditFailures,
    restore: () => {
      process.stderr.write = write;
    },
  };
}

/**
 * A 500's cause in a line: the error's first line (quoted values left out), and where it came
 * from: for a database error, nowhere in particular (the same bad value reaches the database
 * through many services); for a stack overflow, the source file that recurs; otherwise the first
 * frame of the application's own code.
 */
export function serverCause(stack: string): string {
  const [first, ...lines] = stack.split('\n');
  const message = first
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\s+/g, ' ')
    .slice(0, 120);
  if (/^QueryFailedError/.test(first)) return message;
  const frames = lines
    .map((line) => /at (?:async )?([^\s(]+) \((.*?)(?::\d+)*\)/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => !!m && !/^(Array|Object|Function|new)\b|<anonymous>/.test(m[1]))
    .map(([, name, file]) => ({ name, file, own: /\/(apps|libs)\//.test(file) && !file.includes('node_modules') }));
  if (/Maximum call stack/.test(first)) {
    const counts = new Map<string, number>();
    for (const { file } of frames) counts.set(file, (counts.get(file) ?? 0) + 1);
    const file = [...counts.entries()].sort(([, a], [, b]) => b - a)[0]?.[0];
    return file ? `${message} (in ${file.slice(file.lastIndexOf('/') + 1)})` : message;
  }
  const frame = (frames.find((f) => f.own) ?? frames[0])?.name;
  return frame ? `${message} (at ${frame})` : message;
}
