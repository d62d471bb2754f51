import { EventBridgeEnvelope } from '@aws-lambda-powertools/parser/envelopes/eventbridge';
import { ParseError } from '@aws-lambda-powertools/parser/errors';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { eventBridgeDetail } from '../../functions/middleware/eventbridge-envelope';
import { eventBridgeEvent } from '../support/aws-events';

/**
 * The EventBridge envelope of the event functions does what Powertools' `EventBridgeEnvelope` does
 * (it exists only so a bundle need not load Powertools' every schema): the same detail out of the
 * same events, and a `ParseError` carrying the same issues for the same bad ones.
 */
const detailSchema = z.object({ eventType: z.enum(['Delivery', 'Bounce']), count: z.number().int() });

const cases: Array<[string, unknown]> = [
  ['a matching event', eventBridgeEvent({ eventType: 'Delivery', count: 2, extra: true })],
  ['a detail that does not match', eventBridgeEvent({ eventType: 'Open', count: 1.5 })],
  ['an event without its EventBridge fields', { detail: { eventType: 'Delivery', count: 1 } }],
  ['an event with a bad time', { ...eventBridgeEvent({ eventType: 'Bounce', count: 0 }), time: 'yesterday' }],
  ['not an object', 'Delivery'],
];

describe('eventBridgeDetail', () => {
  it.each(cases)('safe-parses %s as Powertools’ EventBridgeEnvelope does', (_name, event) => {
    // Act
    const ours = eventBridgeDetail.safeParse(event, detailSchema);
    const theirs = EventBridgeEnvelope.safeParse(event, detailSchema);

    // Assess
    expect(ours.success).toBe(theirs.success);
    if (ours.success && theirs.success) expect(ours.data).toEqual(theirs.data);
    if (!ours.success && !theirs.success) {
      expect(ours.error).toBeInstanceOf(ParseError);
      expect(ours.error.message).toBe(theirs.error.message);
      expect((ours.error.cause as z.ZodError).issues).toEqual((theirs.error.cause as z.ZodError).issues);
      expect(ours.originalEvent).toBe(event);
    }
  });

  it.each(cases)('parses %s as Powertools’ EventBridgeEnvelope does', (_name, event) => {
    // Act
    const outcome = (parse: () => unknown) => {
      try {
        return { detail: parse() };
      } catch (error) {
        return { error: error instanceof ParseError ? error.message : error };
      }
    };

    // Assess
    expect(outcome(() => eventBridgeDetail.parse(event, detailSchema))).toEqual(
      outcome(() => EventBridgeEnvelope.parse(event, detailSchema)),
    );
  });
});
