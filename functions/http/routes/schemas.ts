import { z } from '@hono/zod-openapi';
import { residentIdProblem } from '../../../shared/domain/id-number';

/** Shapes shared by many routes: problems, pagination, deadlines, the Location of a new resource. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    details: z.record(z.string(), z.unknown()).optional().openapi({
      description:
        'facts behind the answer (the current document hash, an offer’s deadline, tries left), when there are any',
    }),
    correlationId: z.string().optional(),
  })
  .openapi('Problem');

/** What each status means on this API (DESIGN.md, Identity): one sentence per status, the same everywhere. */
const problemDescriptions = {
  400: 'the request breaks its schema (`errors` names each field), is not JSON, or carries an invalid Idempotency-Key',
  401: 'no valid bearer token',
  403: 'the caller’s role may never call this route',
  404: 'no such object, or one the caller may not see',
  409: 'a lost race, a conflicting repeat, an Idempotency-Key reused with another request, or one whose earlier run did the work and lost its answer (idempotent_request_done)',
  413: 'the request body is too large',
  415: 'the request body is not `application/json`',
  422: 'a rule says no: `code` names the rule',
  429: 'an allowance is used up (sends to one person that others trigger: three a day, at least 10 minutes then an hour apart); nothing was done or sent; `Retry-After` says when to try again',
  503: 'a provider the decision depends on (the identity provider) could not answer; nothing was recorded, try again later',
} as const;

export type ProblemStatus = keyof typeof problemDescriptions;

export const problemResponses = (...statuses: ProblemStatus[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: `a problem (RFC 9457): ${problemDescriptions[status]}`,
        content: { 'application/problem+json': { schema: ProblemSchema } },
        ...(status === 429
          ? {
              headers: {
                'Retry-After': {
                  description: 'seconds to wait before trying again',
                  schema: { type: 'integer' as const, minimum: 1 },
                },
              },
            }
          : {}),
      },
    ]),
  );

/** The `Location` of a resource a 201 created. */
export const LocationHeaderSchema = z.object({
  location: z.string().openapi({ description: 'the path of the new resource' }),
});

export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25).openapi({ description: 'page size' }),
  cursor: z.string().max(2048).optional().openapi({ description: 'from the previous page' }),
});

/** A page of a list: `cursor` is present while more pages follow. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    cursor: z.string().optional().openapi({ description: 'pass it back for the next page; absent on the last' }),
  });

export const IdempotencyHeaderSchema = z.object({
  'idempotency-key': z
    .string()
    .max(255)
    .optional()
    .openapi({ description: 'retries with the same key and body return the first answer and do nothing' }),
});

export const IdParamSchema = z.object({ id: z.string().min(1).max(64) });

/** An administrative division code (GB/T 2260): 2, 4 or 6 digits, a prefix covering what is inside. */
export const RegionCodeSchema = z
  .string()
  .regex(/^\d{2}(\d{2}){0,2}$/, 'an administrative division code of 2, 4 or 6 digits');

/** A calendar date (Asia/Shanghai), YYYY-MM-DD. */
export const DateSchema = z.iso.date();

/** The last calendar day of a period (Asia/Shanghai) and the instant it ends (24:00 that day). */
export const DeadlineSchema = z
  .object({
    lastDay: z.string().openapi({ description: 'YYYY-MM-DD, Asia/Shanghai' }),
    endsAt: z.string().openapi({ description: 'ISO 8601 instant: the end of the last day' }),
  })
  .openapi('Deadline');

/** Money as stored: minor units (fen for CNY) and an ISO 4217 code. */
export const ClaimSchema = z.object({ amountMinor: z.number().int(), currency: z.string() }).openapi('Claim');

/*
 * Human text: names, titles, summaries, reasons, clauses, notes. What a person types may be any
 * language, punctuation or emoji, but never characters that change how other text is shown or that
 * are not text at all. Checked on the raw value, before trimming (trim() would quietly drop a BOM
 * at either end and let the same input pass or fail by where the mark sits):
 * - lone UTF-16 surrogates: not Unicode; canonical JSON, hashes and signatures downstream need
 *   well-formed strings;
 * - the byte-order mark U+FEFF and the bidirectional controls (U+061C, U+200E, U+200F,
 *   U+202A–U+202E, U+2066–U+2069): invisible, and they reorder what follows them, so a name could
 *   read reversed in a court document or an SMS;
 * - control characters, C0 (U+0000–U+001F), DEL and C1 (U+007F–U+009F); multi-line text keeps
 *   tab, line feed and carriage return (browsers send a textarea's line breaks as CR LF).
 * Everything else passes, including emoji as well-formed surrogate pairs with their joiners,
 * variation selectors and tags.
 */

/** A field's name in both languages, for the server-rendered forms, whose messages stand alone. */
export interface TextLabel {
  zh: string;
  en: string;
}

export interface TextRules {
  /** Tab and line breaks allowed: prose such as a summary, a clause or a reason. */
  multiline?: boolean;
  /** Bilingual messages that name the field (forms); without it, English ones (the API names the path). */
  label?: TextLabel;
}

/**
 * The bidirectional controls, and the characters that show nothing between letters: zero-width space
 * and non-joiner, word joiner and invisible operators, soft hyphen, combining grapheme joiner,
 * Mongolian vowel separator, Khmer inherent vowels, Hangul fillers. A name holding one displays as
 * another person's name and is a different string. The zero-width joiner is kept: it builds emoji
 * sequences (👨‍👩‍👧) people put in names and summaries.
 */
const invisibleOrDirectional =
  '\\u00AD\\u034F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180E\\u200B\\u200C\\u200E\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\u3164\\uFEFF\\uFFA0';
const singleLineControls = '\\u0000-\\u001F\\u007F-\\u009F';
const multiLineControls = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F';
const surrogates = '\\uD800-\\uDFFF';

/**
 * The rule as a JSON Schema `pattern` (ECMA-262, the same with or without the `u` flag): any
 * character but the forbidden ones and surrogates, or a surrogate pair. Served in the OpenAPI
 * document, so a client can check before it sends.
 */
export function textPattern(multiline = false): RegExp {
  const controls = multiline ? multiLineControls : singleLineControls;
  return new RegExp(`^(?:[^${controls}${invisibleOrDirectional}${surrogates}]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF])*$`);
}

const invisiblePattern = new RegExp(`[${invisibleOrDirectional}]`);
const forbiddenPattern = {
  single: new RegExp(`[${singleLineControls}${invisibleOrDirectional}]`),
  multi: new RegExp(`[${multiLineControls}${invisibleOrDirectional}]`),
};

/** What is wrong, in each language; a form's message puts the field's name first. */
const textProblems = {
  surrogate: {
    en: 'is not well-formed Unicode: it contains a lone surrogate (half of a UTF-16 pair)',
    zh: '含有无效的字符编码（孤立的代理项）',
  },
  invisible: {
    en: 'must not contain invisible or direction-changing characters',
    zh: '不得含有不可见或改变文字方向的字符',
  },
  control: { en: 'must not contain control characters other than tabs and line breaks', zh: '不得含有控制字符' },
  lineBreak: {
    en: 'must be one line without line breaks or control characters',
    zh: '须为一行，不得含有换行或控制字符',
  },
};

/** Why `value` is not acceptable human text, or undefined when it is. Never quotes the value itself. */
export function textProblem(value: string, rules: TextRules = {}): string | undefined {
  const { multiline = false, label } = rules;
  const say = (problem: { en: string; zh: string }, where = { en: '', zh: '' }) =>
    label ? `${label.zh}${problem.zh}${where.zh} / ${label.en} ${problem.en}${where.en}` : `${problem.en}${where.en}`;
  if (!value.isWellFormed()) return say(textProblems.surrogate);
  const found = (multiline ? forbiddenPattern.multi : forbiddenPattern.single).exec(value);
  if (!found) return undefined;
  const codePoint = `U+${(found[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  const position = [...value.slice(0, found.index)].length + 1;
  const where = { en: ` (${codePoint} at character ${position})`, zh: `（第 ${position} 个字符 ${codePoint}）` };
  if (invisiblePattern.test(found[0])) return say(textProblems.invisible, where);
  return say(multiline ? textProblems.control : textProblems.lineBreak, where);
}

/** The rule as a zod check: an issue that stops the field's other checks, so one problem is one message. */
const textSafety = (rules: TextRules) =>
  z.superRefine<string>((value, ctx) => {
    const problem = textProblem(value, rules);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value, continue: false });
  });

/**
 * A field of human text: safe (above), then trimmed, then between `min` and `max` characters
 * (code points, as zod and JSON Schema's `maxLength` count them). With a `label`, every message is
 * bilingual.
 */
export function text({ min, max, ...rules }: TextRules & { min?: number; max?: number } = {}) {
  const { label } = rules;
  // NFC: the same letters typed composed or decomposed are one name (and one hash), not two.
  let schema = z.string().check(textSafety(rules)).trim().normalize('NFC');
  if (min !== undefined) {
    schema = schema.min(
      min,
      label ? `${label.zh}至少 ${min} 个字 / ${label.en} needs at least ${min} characters` : undefined,
    );
  }
  if (max !== undefined) {
    schema = schema.max(
      max,
      label ? `${label.zh}最多 ${max} 个字 / ${label.en} takes at most ${max} characters` : undefined,
    );
  }
  return schema.openapi({ pattern: textPattern(rules.multiline).source });
}

/**
 * An ID number as filed: a resident ID (18 characters) must pass GB 11643 (its birth date and
 * check character), so a mistyped number is a 400 at the field instead of a person nobody is.
 * Passports, permits and credit codes are kept as given.
 */
export const IdNumberSchema = text({ min: 6, max: 40 }).superRefine((idNumber, ctx) => {
  const problem = residentIdProblem(idNumber);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
