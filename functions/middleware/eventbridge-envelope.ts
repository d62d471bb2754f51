import { envelopeDiscriminator } from '@aws-lambda-powertools/parser/envelopes/envelope';
import { ParseError } from '@aws-lambda-powertools/parser/errors';
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import type { ObjectEnvelope } from '@aws-lambda-powertools/parser/types';
import type * as z from 'zod';

/**
 * An EventBridge event's `detail`, checked against the payload's schema inside Powertools'
 * `EventBridgeSchema`: what Powertools' `EventBridgeEnvelope` does, for the parser middleware
 * (lambda-handler.ts) alike. Why not that envelope itself: its module takes `EventBridgeSchema` from
 * Powertools' schema barrel, and every schema there is built when the module loads, so a function
 * using it carried all 33 of them (about 25 KB, every source from ALB to VPC Lattice); this module
 * imports the EventBridge schema alone. A mismatch is a `ParseError` with the schema's error as its
 * cause, as from the envelope.
 */
export const eventBridgeDetail: ObjectEnvelope = {
  [envelopeDiscriminator]: 'object',
  parse<T>(data: unknown, schema: z.ZodType<T>): T {
    const parsed = withDetail(schema).safeParse(data);
    if (!parsed.success) throw mismatch(parsed.error);
    return parsed.data.detail;
  },
  safeParse<T>(data: unknown, schema: z.ZodType<T>) {
    const parsed = withDetail(schema).safeParse(data);
    if (!parsed.success) return { success: false, error: mismatch(parsed.error), originalEvent: data };
    return { success: true, data: parsed.data.detail };
  },
};

function withDetail<T>(schema: z.ZodType<T>) {
  return EventBridgeSchema.extend({ detail: schema });
}

function mismatch(cause: z.ZodError): ParseError {
  return new ParseError('Failed to parse EventBridge envelope', { cause });
}
