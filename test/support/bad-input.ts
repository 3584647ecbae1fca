/**
 * Generates invalid inputs for a route from its OpenAPI description: for the body, one field at a time
 * is made invalid in an otherwise valid body (so the request fails on that field and nothing else);
 * for path and query parameters, values that are malformed for what the parameter holds.
 *
 * Every value here must be invalid for its field: the corpus asserts that each request is refused.
 * Free-text fields take any text, so injection strings go where the format is constrained (ids, enums,
 * dates, time zones, slugs, codes, emails) and into path and query parameters.
 */
import { OpenApiDocument, OpenApiSchema, resolveSchema } from './openapi';

export interface BadBody {
  /** What was broken, for failure messages: `capacity: a number past 32 bits`. */
  label: string;
  /** The dotted path of the broken field (`organisation.kind`), if one field was broken. */
  field?: string;
  /** A JSON value, or raw text sent as it is (malformed JSON). */
  body: unknown;
  raw?: boolean;
}

const HUGE_STRING = 'x'.repeat(20_000);
/** Longer than the field allows; 150,000 characters (past any text limit of the API) where the document gives none. */
const hugeString = (schema: OpenApiSchema) => 'x'.repeat(schema.maxLength === undefined ? 150_000 : Math.max(20_000, schema.maxLength + 1));
const SQL_INJECTION = "x' OR '1'='1'; DROP TABLE event; --";
const TEMPLATE_INJECTION = '{{constructor.constructor "return process"}}';
const NULL_BYTE = 'text with a \u0000 null byte';
/** JSON's "\ud800" decodes to half a surrogate pair, which is no character: PostgreSQL's json refuses it. */
const LONE_SURROGATE = 'text with a \ud800 lone surrogate';

/** An object nested `depth` levels deep: `{ a: { a: { … } } }`. */
export function deeplyNested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
}

/** Bodies that are not JSON objects at all; any route with a JSON body must refuse them. */
export const MALFORMED_BODIES: BadBody[] = [
  { label: 'truncated JSON', body: '{"title": "Unfinished', raw: true },
  { label: 'a trailing comma', body: '{"a": 1,}', raw: true },
  { label: 'an empty body declared as JSON', body: '', raw: true },
  { label: 'a __proto__ key', body: '{"__proto__": {"role": "admin"}}', raw: true },
  { label: 'a constructor.prototype key', body: '{"constructor": {"prototype": {"role": "admin"}}}', raw: true },
];

const NOT_AN_OBJECT: BadBody[] = [
  { label: 'an array as body', body: [] },
  { label: 'a string as body', body: 'just a string' },
  { label: 'a number as body', body: 42 },
  { label: 'null as body', body: null },
];

type FieldKind =
  | 'text'
  | 'email'
  | 'date'
  | 'datetime'
  | 'timezone'
  | 'country'
  | 'slug'
  | 'uuid'
  | 'enum'
  | 'integer'
  | 'boolean'
  | 'array'
  | 'object'
  | 'freeObject';

/** What a field holds. The document types nullable fields as "object", so names disambiguate. */
function kindOf(name: string, schema: OpenApiSchema): FieldKind {
  if (schema.enum) return 'enum';
  if (schema.type === 'array') return 'array';
  if (schema.properties) return 'object';
  if (schema.format === 'uuid' || /Id$/.test(name)) return 'uuid';
  if (/email/i.test(name)) return 'email';
  if (name === 'startDate' || name === 'endDate') return 'date';
  if (/At$/.test(name)) return 'datetime';
  if (name === 'timezone') return 'timezone';
  if (name === 'countryCode' || name === 'nationality') return 'country';
  if (name === 'slug') return 'slug';
  if (schema.type === 'boolean') return 'boolean';
  if (
    schema.type === 'number' ||
    schema.type === 'integer' ||
    ['capacity', 'precedence', 'seriesPosition', 'quota', 'baseVersion', 'order'].includes(name)
  )
    return 'integer';
  if (name === 'answers' || name === 'data') return 'freeObject';
  return 'text';
}

const asText = [12345, ['a list']];

/** Values that are invalid for a field of this kind and schema. */
function invalidValues(kind: FieldKind, schema: OpenApiSchema): { label: string; value: unknown }[] {
  const values = (labelled: Record<string, unknown>) => Object.entries(labelled).map(([label, value]) => ({ label, value }));
  const wrongTypes = Object.fromEntries(
    asText.map((value) => [`the wrong type (${Array.isArray(value) ? 'array' : typeof value})`, value]),
  );
  switch (kind) {
    case 'text':
      return values({
        ...wrongTypes,
        'a huge string': hugeString(schema),
        'a null byte': NULL_BYTE,
        'a lone surrogate': LONE_SURROGATE,
        'a lone low surrogate': 'Tx\udc00',
        'a deeply nested object': deeplyNested(500),
      });
    case 'email':
      return values({
        ...wrongTypes,
        'no domain': 'amina@',
        markup: '<script>alert(1)</script>@example.org',
        'SQL injection': SQL_INJECTION,
        'a null byte': 'amina\u0000@example.org',
        'a lone surrogate': 'amina\ud800@example.org',
        'a huge address': `${HUGE_STRING}@example.org`,
      });
    case 'date':
      return values({
        ...wrongTypes,
        'month 13': '2025-13-01',
        '30 February': '2025-02-30',
        'a word': 'tomorrow',
        'an empty string': '',
        'a year past JavaScript dates': '+275760-09-14',
        'SQL injection': `2025-11-26${SQL_INJECTION}`,
        'a null byte': '2025-11-26\u0000',
      });
    case 'datetime':
      return values({
        ...wrongTypes,
        'hour 25': '2025-11-26T25:00:00+05:00',
        '30 February': '2025-02-30T10:00:00+05:00',
        'past the last JavaScript date': '+275760-09-13T00:00:01Z',
        'a word': 'soon',
        'SQL injection': SQL_INJECTION,
        'a template': TEMPLATE_INJECTION,
        'a null byte': '2025-11-26T09:00:00+05:00\u0000',
      });
    case 'timezone':
      return values({
        ...wrongTypes,
        'an unknown zone': 'Mars/Olympus_Mons',
        'a path': '../../../etc/passwd',
        'an empty string': '',
        'SQL injection': `Asia/Karachi${SQL_INJECTION}`,
        'a null byte': 'Asia/Karachi\u0000',
        'a huge string': HUGE_STRING,
      });
    case 'country':
      return values({ ...wrongTypes, 'three letters': 'PAK', digits: '12', 'SQL injection': SQL_INJECTION, 'a null byte': 'P\u0000' });
    case 'slug':
      return values({
        ...wrongTypes,
        'spaces and capitals': 'Not A Slug',
        'a leading dash': '-islamabad',
        'a path': '../etc/passwd',
        'SQL injection': SQL_INJECTION,
        'a template': TEMPLATE_INJECTION,
        'a null byte': 'islamabad\u0000',
        'a huge slug': 'a'.repeat(5000),
      });
    case 'uuid':
      return values({
        ...wrongTypes,
        'not a UUID': 'not-a-uuid',
        'a bad hex digit': '00000000-0000-4000-8000-00000000000g',
        'SQL injection': SQL_INJECTION,
        'a template': TEMPLATE_INJECTION,
        'a null byte': '00000000-0000-4000-8000-000000000000\u0000',
        'a huge string': HUGE_STRING,
      });
    case 'enum':
      return values({
        'a number': 1,
        'an array': [schema.enum![0]],
        'an unknown choice': 'not-a-choice',
        'an empty string': '',
        'SQL injection': SQL_INJECTION,
        'a template': TEMPLATE_INJECTION,
        'a null byte': `${String(schema.enum![0])}\u0000`,
      });
    case 'integer': {
      const numbers: Record<string, unknown> = {
        'a numeric string': '10',
        'a boolean': true,
        'an object': { value: 1 },
        'a fraction': 1.5,
        'a number past 32 bits': 2 ** 31,
        'a number past 53 bits': 2 ** 53 + 2,
        'a huge number': 1e308,
      };
      if (schema.minimum !== undefined && schema.minimum >= 0) numbers['a negative number'] = -1;
      if (schema.minimum !== undefined && schema.minimum >= 1) numbers.zero = 0;
      if (schema.maximum !== undefined) numbers['one past the maximum'] = schema.maximum + 1;
      return values(numbers);
    }
    case 'boolean':
      return values({ 'the string "true"': 'true', 'a number': 1, 'an object': {}, 'an array': [true] });
    case 'array':
      return values({
        'a string': 'not a list',
        'an object': { 0: 'x' },
        'items of the wrong type': [1, 2, 3],
        'a huge array': Array.from({ length: Math.max(20_000, (schema.maxItems ?? 0) + 1) }, () => 0),
        'a deeply nested item': [deeplyNested(500)],
      });
    case 'object':
      return values({ 'a string': 'not an object', 'an array': [], 'a number': 42, 'a deeply nested object': deeplyNested(500) });
    case 'freeObject':
      return values({
        'a string': 'not an object',
        'an array': ['x'],
        'a number': 42,
        'a lone surrogate in a value': { dietary: LONE_SURROGATE },
        'a lone surrogate in a key': { 'key\udbff': 'x' },
      });
  }
}

/**
 * Invalid bodies for a route whose valid body is `base` (described by `schema`): not JSON, not an
 * object, an unknown field, every required field missing in turn, and every field of `base` (nested
 * objects and the first item of lists included) made invalid in turn.
 */
export function badBodies(document: OpenApiDocument, schema: OpenApiSchema, base: Record<string, unknown>): BadBody[] {
  const bodies: BadBody[] = [...MALFORMED_BODIES, ...NOT_AN_OBJECT];
  bodies.push({ label: 'an unknown field', field: 'isAdmin', body: { ...base, isAdmin: true } });
  bodies.push({ label: 'an unknown deeply nested field', field: 'extra', body: { ...base, extra: deeplyNested(2000) } });
  bodies.push(...fieldMutations(document, resolveSchema(document, schema), base, ''));
  return bodies;
}

function fieldMutations(document: OpenApiDocument, schema: OpenApiSchema, value: Record<string, unknown>, prefix: string): BadBody[] {
  const mutations: BadBody[] = [];
  const wrap = (field: string, fieldValue: unknown) => ({ ...value, [field]: fieldValue });
  for (const field of schema.required ?? []) {
    const { [field]: _removed, ...rest } = value;
    mutations.push({ label: `${prefix}${field} missing`, field: `${prefix}${field}`, body: rest });
    mutations.push({ label: `${prefix}${field} null`, field: `${prefix}${field}`, body: wrap(field, null) });
  }
  for (const [field, declared] of Object.entries(schema.properties ?? {})) {
    const fieldSchema = resolveSchema(document, declared);
    const kind = kindOf(field, fieldSchema);
    for (const { label, value: bad } of invalidValues(kind, fieldSchema)) {
      mutations.push({ label: `${prefix}${field}: ${label}`, field: `${prefix}${field}`, body: wrap(field, bad) });
    }
    // Into nested objects and the first item of lists, when the valid body has them.
    const current = value[field];
    if (kind === 'object' && isRecord(current)) {
      for (const nested of fieldMutations(document, fieldSchema, current, `${prefix}${field}.`))
        mutations.push({ ...nested, body: wrap(field, nested.body) });
    }
    if (kind === 'array' && Array.isArray(current) && isRecord(current[0]) && fieldSchema.items) {
      const itemSchema = resolveSchema(document, fieldSchema.items);
      for (const nested of fieldMutations(document, itemSchema, current[0], `${prefix}${field}.0.`))
        mutations.push({ ...nested, body: wrap(field, [nested.body, ...current.slice(1)]) });
    }
  }
  return mutations;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Malformed values for a path parameter: none names an existing record. */
export const BAD_PATH_VALUES: Record<string, string> = {
  'not a UUID': 'not-a-uuid',
  'SQL injection': SQL_INJECTION,
  'a template': TEMPLATE_INJECTION,
  'a null byte': 'abc\u0000def',
  'a path': '../../etc/passwd',
  'a negative number': '-1',
  'a long value': 'a'.repeat(2000),
  'non-ASCII': 'événement-😀',
};

/** Malformed values for query parameters, by parameter name. */
export function badQueryValues(name: string): Record<string, string> {
  const common = { 'SQL injection': SQL_INJECTION, 'a null byte': 'a\u0000b', 'a template': TEMPLATE_INJECTION };
  switch (name) {
    case 'q':
      return { 'a null byte': 'Rahman\u0000', 'a 300-character search': 'x'.repeat(300) };
    // A search of the mail log: any text is a search, but not a null byte nor longer than an address.
    case 'recipient':
      return { 'a null byte': 'Rahman\u0000', 'a 400-character search': 'x'.repeat(400) };
    case 'page':
    case 'pageSize':
    case 'from':
    case 'to':
      return {
        ...common,
        'a negative number': '-1',
        zero: '0',
        'a huge number': '99999999999999999999999',
        'a fraction': '1.5',
        'a word': 'ten',
        'an exponent': '1e309',
      };
    default:
      return { ...common, 'an unknown value': 'not-a-valid-value' };
  }
}
