import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { ApiPropertyOptions } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, type MetadataStorage } from 'class-validator';

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];
type PropertyDocs = Record<string, ApiPropertyOptions>;
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- DTO classes of any constructor signature
type Class = Function;

/**
 * The static the OpenAPI scanner reads a model's properties from. Nest's compiler plugin would
 * emit it; the project builds with plain `tsc`, so it is filled here from the class-validator
 * rules, which are what the validation pipe checks. Properties described with `@ApiProperty`
 * keep what they say; these only fill the gaps.
 */
const METADATA_FACTORY = '_OPENAPI_METADATA_FACTORY';
const BUILT_IN_TYPES = new Set<unknown>([String, Number, Boolean, Object, Array, Date, Function, Promise]);
/** Rules that speak of the array itself rather than of its items. */
const ARRAY_RULES = new Set(['isArray', 'arrayMinSize', 'arrayMaxSize', 'arrayNotEmpty', 'arrayUnique']);
const described = new WeakSet<Class>();

interface Schema {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'object';
  nested?: Class;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
}

function rulesOf(type: Class): ValidationMetadata[] {
  return getMetadataStorage().getTargetValidationMetadatas(type, '', false, false);
}

function isValidatedClass(type: unknown): type is Class {
  return typeof type === 'function' && !BUILT_IN_TYPES.has(type) && rulesOf(type).length > 0;
}

/** What one class-validator rule says about a value (or each item, for `each` rules). */
function applyRule(schema: Schema, rule: ValidationMetadata): void {
  const [first, second] = (rule.constraints ?? []) as unknown[];
  switch (rule.name) {
    case 'isString':
      schema.type = 'string';
      break;
    case 'isInt':
      schema.type = 'integer';
      break;
    case 'isNumber':
      schema.type ??= 'number';
      break;
    case 'isBoolean':
      schema.type = 'boolean';
      break;
    case 'isObject':
      schema.type = 'object';
      break;
    case 'isIn':
      schema.enum = [...(first as readonly unknown[])];
      break;
    case 'matches':
      schema.type = 'string';
      schema.pattern = first instanceof RegExp ? first.source : String(first);
      break;
    case 'isEmail':
      Object.assign(schema, { type: 'string', format: 'email' });
      break;
    case 'isUUID':
      Object.assign(schema, { type: 'string', format: 'uuid' });
      break;
    case 'isUrl':
      Object.assign(schema, { type: 'string', format: 'uri' });
      break;
    case 'isDateString':
    case 'isIso8601':
      // A date or a date-time: a pattern beside it says which.
      schema.type = 'string';
      break;
    case 'minLength':
      schema.minLength = first as number;
      break;
    case 'maxLength':
      schema.maxLength = first as number;
      break;
    case 'length':
      schema.minLength = first as number;
      if (typeof second === 'number') schema.maxLength = second;
      break;
    case 'isNotEmpty':
      schema.minLength ??= 1;
      break;
    case 'min':
      schema.minimum = first as number;
      break;
    case 'max':
      schema.maximum = first as number;
      break;
    case 'arrayMinSize':
      schema.minItems = first as number;
      break;
    case 'arrayMaxSize':
      schema.maxItems = first as number;
      break;
    case 'arrayNotEmpty':
      schema.minItems ??= 1;
      break;
    case 'arrayUnique':
      schema.uniqueItems = true;
      break;
  }
}

/** The class a `@ValidateNested` property holds, as class-transformer builds it from `@Type`. */
function nestedType(owner: Class, property: string): Class | undefined {
  const declared: unknown = Reflect.getMetadata('design:type', owner.prototype as object, property);
  if (isValidatedClass(declared)) return declared;
  const probe = plainToInstance(owner as new () => object, { [property]: {} }) as Record<string, unknown>;
  const built = (probe[property] as object | undefined)?.constructor;
  return isValidatedClass(built) ? built : undefined;
}

function typeFromDesign(designType: unknown): Schema['type'] {
  if (designType === String) return 'string';
  if (designType === Number) return 'number';
  if (designType === Boolean) return 'boolean';
  return undefined;
}

interface DescribedProperty {
  options: ApiPropertyOptions;
  nested?: Class;
}

function describeProperty(owner: Class, property: string, rules: ValidationMetadata[]): DescribedProperty {
  const designType: unknown = Reflect.getMetadata('design:type', owner.prototype as object, property);
  const isArray = designType === Array || rules.some((rule) => rule.each || ARRAY_RULES.has(rule.name ?? ''));
  const value: Schema = {};
  const array: Schema = {};
  for (const rule of rules) {
    if (rule.type === 'nestedValidation') value.nested = nestedType(owner, property);
    else applyRule(isArray && ARRAY_RULES.has(rule.name ?? '') ? array : value, rule);
  }
  if (value.minLength !== undefined && value.type !== undefined && value.type !== 'string') delete value.minLength;
  const optional = rules.some((rule) => rule.type === 'conditionalValidation');
  const { nested, type, enum: values, ...constraints } = value;
  const itemType = nested ?? type ?? (values ? typeof values[0] : isArray ? undefined : typeFromDesign(designType));
  const options = {
    required: !optional,
    ...(itemType ? { type: itemType } : {}),
    ...(isArray ? { isArray: true } : {}),
    ...(values ? { enum: values } : {}),
    ...constraints,
    ...array,
  } as ApiPropertyOptions;
  return { options, ...(nested ? { nested } : {}) };
}

/** Every property class-validator checks on the class (and its parents). */
function describeClass(type: Class): Map<string, DescribedProperty> {
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const rule of rulesOf(type))
    byProperty.set(rule.propertyName, [...(byProperty.get(rule.propertyName) ?? []), rule]);
  return new Map([...byProperty].map(([property, rules]) => [property, describeProperty(type, property, rules)]));
}

/** Give the class (and the classes nested in it) the property descriptions the scanner reads. */
function attachDescription(type: Class, all: Set<Class>): void {
  all.add(type);
  const properties = describeClass(type);
  if (!described.has(type)) {
    described.add(type);
    const docs = Object.fromEntries([...properties].map(([property, { options }]) => [property, options]));
    const own = Object.getOwnPropertyDescriptor(type, METADATA_FACTORY)?.value as (() => PropertyDocs) | undefined;
    Object.defineProperty(type, METADATA_FACTORY, { configurable: true, value: () => ({ ...docs, ...own?.() }) });
  }
  for (const { nested } of properties.values()) if (nested && !all.has(nested)) attachDescription(nested, all);
}

/** One method of a controller: a route handler, or a helper the scanner passes over. */
export interface ControllerMethod {
  controller: Class;
  name: string;
  handler: unknown;
}

/** Every method of every controller the application has. */
export function controllerMethods(app: INestApplication): ControllerMethod[] {
  const methods: ControllerMethod[] = [];
  for (const module of app.get(ModulesContainer, { strict: false }).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const seen = new Set<string>();
      for (
        let p = metatype.prototype as object | null;
        p && p !== Object.prototype;
        p = Object.getPrototypeOf(p) as object | null
      ) {
        for (const name of Object.getOwnPropertyNames(p)) {
          if (name === 'constructor' || seen.has(name)) continue;
          seen.add(name);
          const handler = Object.getOwnPropertyDescriptor(p, name)?.value as unknown;
          if (typeof handler === 'function') methods.push({ controller: metatype, name, handler });
        }
      }
    }
  }
  return methods;
}

/**
 * Describe, from their class-validator rules, the body and query classes of the given
 * controller methods, so that a route added later is documented without anyone listing it.
 * Returns the classes described, nested ones included.
 */
export function describeValidatedDtos(methods: ControllerMethod[]): Class[] {
  const all = new Set<Class>();
  for (const { controller, name } of methods) {
    const parameterTypes = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, name) ??
      []) as unknown[];
    for (const type of parameterTypes) if (isValidatedClass(type) && !all.has(type)) attachDescription(type, all);
  }
  return [...all];
}
