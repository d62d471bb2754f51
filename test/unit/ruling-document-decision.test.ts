import { describe, expect, it } from 'vitest';
import { chinaHolidayCalendar } from '../../shared/domain/calendar/holiday-calendar-cn';
import {
  type ConfirmationRequest,
  ConflictingRepeat,
  type CourtRulingDocument,
  confirmationRequestForClient,
  decide,
  decideAcceptance,
  openApplication,
  rulingTitle,
} from '../../shared/domain/settlement/confirmation-request';

const sha = (digit: string) => digit.repeat(64);

function acceptedRequest(): ConfirmationRequest {
  const submitted = openApplication({
    requestId: 'cfr_1',
    settlementId: 'stl_1',
    disputeId: 'dsp_1',
    settlementVersion: 1,
    documentSha256: sha('0'),
    courtId: 'futian',
    requiredPartyIds: ['p1'],
    applicant: { partyId: 'p1', subjectId: 's1' },
    now: new Date('2026-03-02T02:00:00.000Z'),
    calendar: chinaHolidayCalendar,
  });
  return decideAcceptance(submitted, { accepted: true }, new Date('2026-03-03T02:00:00.000Z'), chinaHolidayCalendar)
    .request;
}

const verified: CourtRulingDocument = {
  documentId: 'doc_a',
  sha256: sha('a'),
  size: 1234,
  mediaType: 'application/pdf',
  key: `rulings/cfr_1/${sha('a')}`,
};
const confirmed = (document?: { documentId: string; sha256: string }) => ({
  outcome: 'confirmed' as const,
  rulingNumber: '(2026)粤0304民特1号',
  rulingDate: '2026-03-12',
  ...(document ? { document } : {}),
});
const at = new Date('2026-03-12T02:00:00.000Z');

describe('a decision naming the court’s ruling document', () => {
  it('records the verified document; the same id and hash again (any hex case) is a repeat', () => {
    const { request, changed } = decide(
      acceptedRequest(),
      confirmed({ documentId: 'doc_a', sha256: sha('A') }),
      at,
      verified,
    );

    expect(changed).toBe(true);
    expect(request.decision?.document).toEqual(verified);
    expect(decide(request, confirmed({ documentId: 'doc_a', sha256: sha('a') }), at).changed).toBe(false);
  });

  it('is a conflict when repeated with another document, or without one', () => {
    const { request } = decide(acceptedRequest(), confirmed({ documentId: 'doc_a', sha256: sha('a') }), at, verified);

    expect(() => decide(request, confirmed({ documentId: 'doc_b', sha256: sha('a') }), at)).toThrow(ConflictingRepeat);
    expect(() => decide(request, confirmed({ documentId: 'doc_a', sha256: sha('b') }), at)).toThrow(ConflictingRepeat);
    expect(() => decide(request, confirmed(), at)).toThrow(ConflictingRepeat);
  });

  it('refuses to record a document that was not verified as the one named', () => {
    const named = confirmed({ documentId: 'doc_a', sha256: sha('b') });

    expect(() => decide(acceptedRequest(), named, at)).toThrow(/verified/);
    expect(() => decide(acceptedRequest(), named, at, verified)).toThrow(/verified/);
  });

  it('still decides without a document (the platform’s summary is then served)', () => {
    const { request } = decide(acceptedRequest(), confirmed(), at);

    expect(request.status).toBe('confirmed');
    expect(request.decision?.document).toBeUndefined();
  });

  it('shows clients the document and the cover page without where the platform stores them', () => {
    const { request } = decide(acceptedRequest(), confirmed({ documentId: 'doc_a', sha256: sha('a') }), at, verified);
    const served: ConfirmationRequest = {
      ...request,
      ruling: {
        serviceId: 'srv_1',
        documentKey: verified.key,
        sha256: verified.sha256,
        size: verified.size,
        recordedAt: at.toISOString(),
        cover: { key: 'rulings/cfr_1.json', sha256: sha('c'), size: 800 },
      },
    };

    const shown = confirmationRequestForClient(served);

    expect(shown.decision?.document).toEqual({
      documentId: 'doc_a',
      sha256: sha('a'),
      size: 1234,
      mediaType: 'application/pdf',
    });
    expect(shown.ruling?.cover).toEqual({ sha256: sha('c'), size: 800 });
    expect(JSON.stringify(shown)).not.toContain('rulings/');
  });
});

describe('the served ruling’s title', () => {
  it('names the ruling in Chinese and English, with its number when confirmed', () => {
    expect(rulingTitle({ outcome: 'confirmed', rulingNumber: '(2026)粤0304民特88号' })).toBe(
      '民事裁定书(2026)粤0304民特88号：确认调解协议有效 / Ruling (2026)粤0304民特88号: settlement confirmed',
    );
    expect(rulingTitle({ outcome: 'rejected' })).toBe(
      '民事裁定书：驳回司法确认申请 / Ruling: application for judicial confirmation rejected',
    );
  });
});
