import fc from 'fast-check';

/**
 * fast-check arbitraries from the JSON Schemas of the served OpenAPI document (the subset zod
 * emits: objects, arrays, strings with lengths, patterns and formats, integers and numbers with
 * bounds, enums, `oneOf`/`anyOf`, `$ref` into `components.schemas`).
 *
 * - `validValue(schema)`: values the schema accepts, leaning to edges (bounds, lengths, unicode
 *   that is allowed: CJK, emoji pairs, combining marks);
 * - `brokenValue(schema)`: values it refuses, each broken in one place (a wrong type, a missing
 *   required or an unknown property, a bound or a length passed by one or by far, a pattern broken
 *   by a character the text rules forbid, a value outside its enum).
 *
 * `fieldValues` lets a caller bias fields by name (`courtId`, `partyId`, …) towards ids that exist,
 * so valid values reach the rules behind the schema rather than stopping at 404.
 */

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  format?: string;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
  [keyword: string]: unknown;
}

export interface SchemaContext {
  components: Record<string, JsonSchema>;
  /** Valid values to mix in for a property of this name (ids that exist), read when a value is drawn. */
  fieldValues?: (name: string) => fc.Arbitrary<unknown> | undefined;
  /**
   * Optional properties to draw only now and then (about one object in ten), because their mere
   * presence makes a rule refuse most requests (a consent that needs a verified identity, say).
   */
  rareKeys?: ReadonlySet<string>;
}

const maxDepth = 6;

/** A string's length as JSON Schema (and zod) count it: in code points, an emoji pair is one. */
export const codePoints = (value: string) => [...value].length;

export function resolve(context: SchemaContext, schema: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; current.$ref && hops < 10; hops++) {
    const name = current.$ref.replace('#/components/schemas/', '');
    const target = context.components[name];
    if (!target) throw new Error(`unresolved ${current.$ref}`);
    current = target;
  }
  return current;
}

/** The text rule's pattern (names, free text): any character but controls, bidi marks, a BOM, lone surrogates. */
function isTextRule(schema: JsonSchema): boolean {
  return typeof schema.pattern === 'string' && schema.pattern.includes('\\uFEFF');
}

/** Characters a person may type: Latin, CJK, emoji as well-formed pairs with joiners, combining marks, spaces. */
const humanUnit = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom('a', 'Z', '0', ' ', '-', '.', '’', 'é', '张', '三', '调', '解', '书', '法', '院'),
  },
  { weight: 1, arbitrary: fc.constantFrom('😀', '👩‍⚖️', '🇨🇳', 'e\u0301', '\u3000', 'ﬁ', 'İ', 'ß', '\u00A0', '𠀋') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);

/** Addresses as people have them (fast-check's emailAddress() goes to RFC 5322 corners most validators refuse). */
export const emailAddress = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9]([a-z0-9._+-]{0,14}[a-z0-9])?$/).filter((local) => !local.includes('..')),
    fc.constantFrom('example.com', 'example.cn', 'mail.example.org', 'xn--fiqs8s.example'),
  )
  .map(([local, domain]) => `${local}@${domain}`);

function stringValue(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? 10_000;
  const fits = (value: string) => codePoints(value) >= minLength && codePoints(value) <= maxLength;
  switch (schema.format) {
    case 'date':
      return fc
        .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10));
    case 'date-time':
      return fc
        .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
        .map((date) => date.toISOString());
    case 'email':
      return emailAddress.filter(fits);
    case 'uri':
    case 'url':
      return fc.webUrl().filter(fits);
  }
  if (schema.pattern && isTextRule(schema)) {
    const rule = new RegExp(schema.pattern);
    const upTo = Math.min(maxLength, minLength + 40);
    const edges = maxLength <= 4000 && schema.maxLength !== undefined ? [fc.constant('张'.repeat(maxLength))] : [];
    return (
      fc
        .oneof(
          { weight: 9, arbitrary: fc.string({ unit: humanUnit, minLength, maxLength: upTo }) },
          ...edges.map((arbitrary) => ({ weight: 1, arbitrary })),
        )
        // Text is trimmed before its length is checked: a valid value starts and ends with a character.
        .filter((value) => fits(value.trim()) && fits(value) && rule.test(value))
    );
  }
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern);
    return fc.stringMatching(pattern).filter(fits);
  }
  return fc.string({ unit: humanUnit, minLength, maxLength: Math.min(maxLength, minLength + 30) }).filter(fits);
}

function integerValue(schema: JsonSchema): fc.Arbitrary<number> {
  const min = Math.max(
    schema.minimum ?? Number.MIN_SAFE_INTEGER,
    schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : Number.MIN_SAFE_INTEGER,
  );
  const max = Math.min(
    schema.maximum ?? Number.MAX_SAFE_INTEGER,
    schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : Number.MAX_SAFE_INTEGER,
  );
  return fc.oneof(
    fc.constantFrom(min, max),
    fc.integer({ min, max }),
    fc.integer({ min, max: Math.min(max, min + 20) }),
  );
}

function numberValue(schema: JsonSchema): fc.Arbitrary<number> {
  const min = schema.minimum ?? schema.exclusiveMinimum ?? -1e12;
  const max = schema.maximum ?? schema.exclusiveMaximum ?? 1e12;
  return fc
    .double({ min, max, noNaN: true, noDefaultInfinity: true })
    .filter(
      (value) =>
        (schema.exclusiveMinimum === undefined || value > schema.exclusiveMinimum) &&
        (schema.exclusiveMaximum === undefined || value < schema.exclusiveMaximum) &&
        !Object.is(value, -0),
    );
}

export function validValue(context: SchemaContext, input: JsonSchema, depth = 0, name?: string): fc.Arbitrary<unknown> {
  const schema = resolve(context, input);
  if (schema.type === 'array' && name) {
    // The field's name speaks of its items (`mediatorIds`: mediator ids).
    return plainValidValue(context, { ...schema, items: schema.items ?? {} }, depth, name);
  }
  const known = name && schema.type === 'string' ? context.fieldValues?.(name) : undefined;
  const plain = plainValidValue(context, schema, depth);
  return known ? fc.oneof({ weight: 3, arbitrary: known }, { weight: 1, arbitrary: plain }) : plain;
}

function plainValidValue(
  context: SchemaContext,
  schema: JsonSchema,
  depth: number,
  itemName?: string,
): fc.Arbitrary<unknown> {
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) return fc.oneof(...variants.map((variant) => validValue(context, variant, depth + 1)));
  if (schema.allOf) return validValue(context, mergeAll(context, schema.allOf), depth + 1);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.type)) {
    return fc.oneof(...schema.type.map((type) => plainValidValue(context, { ...schema, type }, depth)));
  }
  switch (schema.type) {
    case 'string':
      return stringValue(schema);
    case 'integer':
      return integerValue(schema);
    case 'number':
      return numberValue(schema);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.min(schema.maxItems ?? 4, minLength + (depth > 2 ? 1 : 3));
      return fc.array(validValue(context, schema.items ?? {}, depth + 1, itemName), { minLength, maxLength });
    }
    case 'object':
      return objectValue(context, schema, depth);
    default:
      return depth >= maxDepth ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
  }
}

function objectValue(context: SchemaContext, schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  if (Object.keys(properties).length === 0) {
    return schema.additionalProperties === false || depth >= maxDepth
      ? fc.constant({})
      : fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
  }
  const required = (schema.required ?? []).filter((key) => key in properties);
  const isRare = (key: string) => context.rareKeys?.has(key) === true && !required.includes(key);
  const valuesOf = (entries: Array<[string, JsonSchema]>) =>
    Object.fromEntries(entries.map(([key, property]) => [key, validValue(context, property, depth + 1, key)]));
  const common = fc.record(valuesOf(Object.entries(properties).filter(([key]) => !isRare(key))), {
    requiredKeys: required,
  });
  const rare = Object.entries(properties).filter(([key]) => isRare(key));
  if (rare.length === 0) return common;
  return fc
    .tuple(
      common,
      fc.oneof(
        { weight: 9, arbitrary: fc.constant({}) },
        { weight: 1, arbitrary: fc.record(valuesOf(rare), { requiredKeys: [] }) },
      ),
    )
    .map(([values, extra]) => ({ ...values, ...extra }));
}

function mergeAll(context: SchemaContext, schemas: JsonSchema[]): JsonSchema {
  const merged: JsonSchema = { properties: {}, required: [] };
  for (const schema of schemas.map((candidate) => resolve(context, candidate))) {
    Object.assign(merged, { ...schema, properties: merged.properties, required: merged.required });
    Object.assign(merged.properties as object, schema.properties);
    merged.required?.push(...(schema.required ?? []));
  }
  return merged;
}

/** Characters the text rules forbid: a lone surrogate, a BOM, bidi overrides, C0 and C1 controls. */
export const forbiddenTextCharacters = [
  '\uD800',
  '\uDFFF',
  '\uFEFF',
  '\u202E',
  '\u2066',
  '\u200F',
  '\u0000',
  '\u0007',
  '\u001B',
  '\u0085',
];

/** A value of another JSON type than the schema's. */
function wrongType(schema: JsonSchema): fc.Arbitrary<unknown> {
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const all: Array<[string, fc.Arbitrary<unknown>]> = [
    ['string', fc.oneof(fc.constant(''), fc.string({ maxLength: 5 }), fc.constant('12'), fc.constant('true'))],
    ['number', fc.constantFrom(0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2)],
    ['integer', fc.constantFrom(0, 7)],
    ['boolean', fc.boolean()],
    ['null', fc.constant(null)],
    ['array', fc.constantFrom([], [1, 'a'], [null])],
    ['object', fc.constantFrom({}, { a: 1 }, JSON.parse('{"__proto__":{"polluted":true}}') as object)],
  ];
  const numeric = types.includes('number') || types.includes('integer');
  const others = all.filter(
    ([type]) => !types.includes(type) && !(numeric && (type === 'number' || type === 'integer')),
  );
  return fc.oneof(...others.map(([, arbitrary]) => arbitrary));
}

/**
 * Values the schema refuses, broken in one place. Returns the arbitraries (one per way of breaking
 * it), so a caller can put them together with other ways of failing. Under a `oneOf` only what
 * breaks every variant is used (a wrong type of the whole, or a property every variant requires).
 */
export function brokenValues(context: SchemaContext, input: JsonSchema, depth = 0): fc.Arbitrary<unknown>[] {
  const schema = resolve(context, input);
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) {
    const resolved = variants.map((variant) => resolve(context, variant));
    if (resolved.every((variant) => variant.type === 'object')) {
      const everywhere = (resolved[0]?.required ?? []).filter((key) =>
        resolved.every((variant) => variant.required?.includes(key)),
      );
      const withoutCommon = everywhere.map((key) =>
        fc.oneof(...resolved.map((variant) => validValue(context, variant, depth + 1))).map((value) => {
          const copy = { ...(value as Record<string, unknown>) };
          delete copy[key];
          return copy;
        }),
      );
      return [wrongType({ type: 'object' }), ...withoutCommon];
    }
    return [];
  }
  if (schema.enum) {
    return [
      fc.constantFrom('', 'not_a_known_value', 'Ⅰ', '\uD800'),
      fc.string({ minLength: 1, maxLength: 12 }).filter((value) => !schema.enum?.includes(value)),
    ];
  }
  switch (schema.type) {
    case 'string':
      return brokenStrings(schema);
    case 'integer':
    case 'number':
      return brokenNumbers(schema);
    case 'boolean':
      return [wrongType(schema)];
    case 'array':
      return brokenArrays(context, schema, depth);
    case 'object':
      return brokenObjects(context, schema, depth);
    default:
      return [];
  }
}

function brokenStrings(schema: JsonSchema): fc.Arbitrary<unknown>[] {
  const broken: fc.Arbitrary<unknown>[] = [wrongType(schema)];
  const minLength = schema.minLength ?? 0;
  const valid = stringValue(schema);
  if (schema.maxLength !== undefined) {
    const max = schema.maxLength;
    broken.push(
      fc
        .tuple(fc.constantFrom(max + 1, max * 2 + 7, Math.max(max + 1, 70_000)), fc.constantFrom('x', '张', '😀'))
        .map(([length, unit]) => unit.repeat(length)),
    );
  }
  if (minLength > 0) broken.push(fc.constantFrom('x', '😀').map((unit) => unit.repeat(minLength - 1)));
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern);
    broken.push(
      fc
        .tuple(valid, fc.constantFrom(...forbiddenTextCharacters, '#', 'ab', ' '), fc.nat())
        .map(([value, character, at]) => {
          const position = value.length === 0 ? 0 : at % (value.length + 1);
          return `${value.slice(0, position)}${character}${value.slice(position)}`;
        })
        .filter(
          (value) => !pattern.test(value) && (schema.maxLength === undefined || codePoints(value) <= schema.maxLength),
        ),
    );
  }
  if (schema.format === 'date') {
    broken.push(fc.constantFrom('2026-02-30', '2026-13-01', '20260101', '2026-1-1', '０２０２６-01-01', 'yesterday'));
  }
  if (schema.format === 'email') broken.push(fc.constantFrom('no-at-sign', '@example.com', 'a@', 'a b@example.com'));
  return broken;
}

function brokenNumbers(schema: JsonSchema): fc.Arbitrary<unknown>[] {
  const broken: fc.Arbitrary<unknown>[] = [wrongType(schema), fc.constantFrom('1', '', 'NaN')];
  if (schema.type === 'integer') broken.push(fc.constantFrom(0.5, 1.000001, -2.5));
  const low = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum : undefined);
  if (low !== undefined) {
    const edge = schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum : low - 1;
    broken.push(fc.constantFrom(edge, -1e300, Number.MIN_SAFE_INTEGER - 10));
  }
  const high = schema.maximum ?? schema.exclusiveMaximum;
  if (high !== undefined) {
    const edge = schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum : high + 1;
    broken.push(fc.constantFrom(edge, 1e300, high * 2 + 2));
  }
  return broken;
}

function brokenArrays(context: SchemaContext, schema: JsonSchema, depth: number): fc.Arbitrary<unknown>[] {
  const item = schema.items ?? {};
  const broken: fc.Arbitrary<unknown>[] = [wrongType(schema)];
  if ((schema.minItems ?? 0) > 0) broken.push(fc.constant([]));
  if (schema.maxItems !== undefined) {
    const count = schema.maxItems + 1;
    broken.push(validValue(context, item, depth + 1).map((value) => Array.from({ length: count }, () => value)));
  }
  if (depth < maxDepth) {
    const itemBroken = brokenValues(context, item, depth + 1);
    if (itemBroken.length > 0) {
      broken.push(
        fc
          .tuple(fc.array(validValue(context, item, depth + 1), { maxLength: 2 }), fc.oneof(...itemBroken))
          .map(([valid, bad]) => [...valid, bad].slice(0, Math.max(1, schema.maxItems ?? 3))),
      );
    }
  }
  return broken;
}

function brokenObjects(context: SchemaContext, schema: JsonSchema, depth: number): fc.Arbitrary<unknown>[] {
  const properties = schema.properties ?? {};
  const valid = objectValue(context, schema, depth) as fc.Arbitrary<Record<string, unknown>>;
  const broken: fc.Arbitrary<unknown>[] = [wrongType(schema)];
  for (const key of schema.required ?? []) {
    broken.push(
      valid.map((value) => {
        const copy = { ...value };
        delete copy[key];
        return copy;
      }),
    );
  }
  if (schema.additionalProperties === false) {
    const unknownKey = fc
      .constantFrom('status', 'id', 'mediatorId', 'admin', 'constructor', '__proto__', 'éxtra', '')
      .filter((key) => !(key in properties));
    broken.push(
      fc.tuple(valid, unknownKey, fc.jsonValue({ maxDepth: 1 })).map(([value, key, extra]) => {
        const copy = { ...value };
        Object.defineProperty(copy, key, { value: extra, enumerable: true, writable: true, configurable: true });
        return copy;
      }),
    );
  }
  if (depth < maxDepth) {
    for (const [key, property] of Object.entries(properties)) {
      const bad = brokenValues(context, property, depth + 1);
      if (bad.length === 0) continue;
      broken.push(fc.tuple(valid, fc.oneof(...bad)).map(([value, wrong]) => ({ ...value, [key]: wrong })));
    }
  }
  return broken;
}
