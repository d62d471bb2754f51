import { describe, expect, it } from 'vitest';
import {
  canStall,
  type DeliveryEvent,
  defaultReceiptTimeoutSeconds,
  effectiveStatus,
  isFinal,
  isSettled,
  type MessageStatus,
  outcomeOf,
  secondsUntil,
  sendDecision,
  statusAfterDeliveryEvent,
  statusAfterReceiptTimeout,
} from '../../shared/domain/message-delivery';

const delivered: DeliveryEvent = { kind: 'delivered', at: '2025-03-01T08:00:00.000Z' };
const bounced: DeliveryEvent = { kind: 'failed', at: '2025-03-01T08:00:00.000Z', reason: 'bounce: Permanent/General' };

describe('sendDecision', () => {
  it('claims a message nobody tried to send yet', () => {
    expect(sendDecision('pending')).toBe('claim');
  });

  it('records unknown instead of resending when an earlier run stopped after claiming', () => {
    expect(sendDecision('sending')).toBe('record_unknown');
  });

  it('only waits for the receipt of a message the provider accepted', () => {
    expect(sendDecision('sent')).toBe('await_receipt');
  });

  it.each<MessageStatus>(['delivered', 'failed', 'no_receipt', 'unknown'])(
    'does nothing for a %s message',
    (status) => {
      expect(sendDecision(status)).toBe('done');
    },
  );

  it('resumes a stall where it happened', () => {
    expect(sendDecision('stalled', 'pending')).toBe('claim');
    expect(sendDecision('stalled', 'sending')).toBe('record_unknown');
    expect(sendDecision('stalled', 'sent')).toBe('await_receipt');
  });

  it('never sends for a stall whose origin is lost', () => {
    expect(effectiveStatus('stalled', undefined)).toBe('sending');
    expect(sendDecision('stalled')).toBe('record_unknown');
  });
});

describe('statusAfterDeliveryEvent', () => {
  it('settles a sent message as delivered or failed', () => {
    expect(statusAfterDeliveryEvent('sent', delivered)).toBe('delivered');
    expect(statusAfterDeliveryEvent('sent', bounced)).toBe('failed');
  });

  it('lets a late receipt settle a message whose wait timed out or whose send was ambiguous', () => {
    expect(statusAfterDeliveryEvent('no_receipt', delivered)).toBe('delivered');
    expect(statusAfterDeliveryEvent('unknown', bounced)).toBe('failed');
  });

  it('ignores events for a message already delivered or failed', () => {
    expect(statusAfterDeliveryEvent('delivered', bounced)).toBeUndefined();
    expect(statusAfterDeliveryEvent('failed', delivered)).toBeUndefined();
  });

  it('ignores an event for a message no provider has accepted', () => {
    expect(statusAfterDeliveryEvent('pending', delivered)).toBeUndefined();
  });
});

describe('statusAfterReceiptTimeout', () => {
  it('marks a sent message without a receipt as no_receipt', () => {
    expect(statusAfterReceiptTimeout('sent')).toBe('no_receipt');
  });

  it('keeps the receipt that won the race against the deadline', () => {
    expect(statusAfterReceiptTimeout('delivered')).toBeUndefined();
    expect(statusAfterReceiptTimeout('failed')).toBeUndefined();
  });
});

describe('terminal statuses', () => {
  it('treats only delivered and failed as final', () => {
    expect(['delivered', 'failed'].every((status) => isFinal(status as MessageStatus))).toBe(true);
    expect(isFinal('no_receipt')).toBe(false);
    expect(isFinal('unknown')).toBe(false);
  });

  it('settles the workflow at a final status, no_receipt or unknown', () => {
    expect(isSettled('no_receipt')).toBe(true);
    expect(isSettled('unknown')).toBe(true);
    expect(isSettled('sent')).toBe(false);
    expect(isSettled('stalled')).toBe(false);
  });

  it('reports an outcome only for delivered, failed and no_receipt', () => {
    expect(outcomeOf('delivered')).toBe('delivered');
    expect(outcomeOf('no_receipt')).toBe('no_receipt');
    expect(outcomeOf('unknown')).toBeUndefined();
    expect(outcomeOf('sent')).toBeUndefined();
  });

  it('records a stall only while the delivery is in progress', () => {
    expect(canStall('sending')).toBe(true);
    expect(canStall('delivered')).toBe(false);
    expect(canStall('stalled')).toBe(false);
  });
});

describe('receipt deadlines', () => {
  it('waits 15 minutes for an SMS receipt and 30 for an email by default', () => {
    expect(defaultReceiptTimeoutSeconds).toEqual({ sms: 900, email: 1800 });
  });

  it('counts what is left of an absolute deadline, at least one second', () => {
    const now = new Date('2025-03-01T08:00:00.000Z');
    expect(secondsUntil('2025-03-01T08:10:00.000Z', now)).toBe(600);
    expect(secondsUntil('2025-03-01T08:00:00.400Z', now)).toBe(1);
    expect(secondsUntil('2025-03-01T07:00:00.000Z', now)).toBe(1);
  });
});
