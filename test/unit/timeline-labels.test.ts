import { describe, expect, it } from 'vitest';
import { timelineLabel } from '../../functions/http/pages/party/timeline-labels';

/** The events the use cases write on a dispute's chain (shared/use-cases/**, `type:` on a disputeChainId commit). */
const writtenOnADisputeChain = [
  'dispute.filed',
  'dispute.picked',
  'dispute.awaiting_assignment',
  'dispute.extension_agreed',
  'dispute.extended',
  'dispute.expired',
  'dispute.declined',
  'dispute.failed',
  'dispute.withdrawn',
  'dispute.rated',
  'party.invited',
  'party.invitation_code_sent',
  'party.joined',
  'party.join_failed',
  'party.consent_recorded',
  'party.identity_document_checked',
  'offer.made',
  'offer.accepted',
  'offer.declined',
  'offer.expired',
  'offer.lifecycle_stalled',
  'milestone.announced',
  'settlement.recorded',
  'settlement.signing_link_sent',
  'settlement.signing_code_sent',
  'settlement.signing_failed',
  'settlement.signed',
  'settlement.effective',
  'confirmation.opened',
  'confirmation.joined',
  'confirmation.submitted',
  'confirmation.withdrawn',
  'confirmation.acceptance',
  'confirmation.extended',
  'confirmation.decided',
  'confirmation.ruling_served',
  'message.requested',
  'message.sending',
  'message.sent',
  'message.delivered',
  'message.failed',
  'message.stalled',
];

describe('timelineLabel', () => {
  it('names the events of a case in Chinese and English', () => {
    expect(timelineLabel('dispute.filed')).toEqual({ zh: '提交纠纷', en: 'Dispute filed' });
    expect(timelineLabel('settlement.signed')).toEqual({ zh: '当事人签署协议', en: 'A party signed the settlement' });
  });

  it('gives every event written on a dispute’s chain its own words, never its machine name', () => {
    for (const type of writtenOnADisputeChain) {
      const label = timelineLabel(type);
      expect(label.zh, type).toMatch(/[\u4e00-\u9fff]/);
      expect(label.zh, type).not.toContain(type);
      expect(label.en, type).not.toMatch(/[._]/);
      expect(label.en, type).not.toContain(':'); // not the fallback's "family: action"
    }
  });

  it('says an event it does not know in words: its family, and its action without dots or underscores', () => {
    expect(timelineLabel('settlement.terms_reopened')).toEqual({
      zh: '调解协议记录（terms reopened）',
      en: 'The settlement: terms reopened',
    });
    expect(timelineLabel('audit.personal_data_viewed')).toEqual({
      zh: '案件记录（personal data viewed）',
      en: 'The case: personal data viewed',
    });
    expect(timelineLabel('')).toEqual({ zh: '案件记录', en: 'The case' });
  });
});
