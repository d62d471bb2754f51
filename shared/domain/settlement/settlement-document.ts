import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import { escapeHtml } from '../html-escape';
import type { Obligation, SubjectMatter } from './settlement';
import type { SettlementTerms } from './settlement-terms';

/** The format tag inside every document: a reader knows which layout it is parsing. */
export const settlementDocumentFormat = 'settlement-document/v1';
export const settlementDocumentMediaType = 'application/json';

export interface SettlementDocumentParty {
  partyId: string;
  name: string;
  role: 'applicant' | 'respondent';
  kind: 'person' | 'company';
  /** Already masked (never the full ID number: the document is shown to everyone who signs it). */
  idMasked: string;
}

/**
 * What the parties sign: everything the agreement says and nothing that changes by itself (no
 * timestamps, no signatures), so the same terms always give the same bytes and the same hash.
 */
export interface SettlementDocument {
  format: typeof settlementDocumentFormat;
  settlementId: string;
  disputeId: string;
  settlementVersion: number;
  parties: SettlementDocumentParty[];
  mediator: { mediatorId: string; name: string; organizationId: string };
  obligations: Obligation[];
  clauses: string[];
  subjectMatter: SubjectMatter;
}

export interface RenderedSettlementDocument {
  document: SettlementDocument;
  /** Canonical JSON (sorted keys, no whitespace) in UTF-8. */
  content: Uint8Array;
  sha256: string;
  mediaType: typeof settlementDocumentMediaType;
}

export interface SettlementDocumentInput {
  settlementId: string;
  disputeId: string;
  settlementVersion: number;
  parties: SettlementDocumentParty[];
  mediator: { mediatorId: string; name: string; organizationId: string };
  terms: SettlementTerms;
}

/**
 * Renders terms to the canonical document. Parties are ordered by role then id, so the order the
 * store lists them in cannot change the bytes; obligations and clauses keep the mediator's order,
 * which is part of what was agreed.
 */
export function renderSettlementDocument(input: SettlementDocumentInput): RenderedSettlementDocument {
  const parties = [...input.parties]
    .map(({ partyId, name, role, kind, idMasked }) => ({ partyId, name, role, kind, idMasked }))
    .sort((a, b) => (a.role === b.role ? compare(a.partyId, b.partyId) : a.role === 'applicant' ? -1 : 1));
  const document: SettlementDocument = {
    format: settlementDocumentFormat,
    settlementId: input.settlementId,
    disputeId: input.disputeId,
    settlementVersion: input.settlementVersion,
    parties,
    mediator: {
      mediatorId: input.mediator.mediatorId,
      name: input.mediator.name,
      organizationId: input.mediator.organizationId,
    },
    obligations: input.terms.obligations.map(normalizedObligation),
    clauses: [...input.terms.clauses],
    subjectMatter: {
      description: input.terms.subjectMatter.description,
      touchesPersonalStatus: input.terms.subjectMatter.touchesPersonalStatus,
      confirmsTitle: input.terms.subjectMatter.confirmsTitle,
      ...(input.terms.subjectMatter.locationRegion ? { locationRegion: input.terms.subjectMatter.locationRegion } : {}),
    },
  };
  const content = new TextEncoder().encode(canonicalJson(document));
  return { document, content, sha256: sha256Hex(content), mediaType: settlementDocumentMediaType };
}

/** Only the members an obligation of its kind has: extra members could not change the hash unseen. */
function normalizedObligation(obligation: Obligation): Obligation {
  if (obligation.kind === 'act') {
    const { debtor, creditor, description, dueDate } = obligation;
    return { kind: 'act', debtor, creditor, description, dueDate };
  }
  const { debtor, creditor, amountMinor, currency, instalments } = obligation;
  return {
    kind: 'payment',
    debtor,
    creditor,
    amountMinor,
    currency,
    instalments: instalments.map(({ dueDate, amountMinor: amount }) => ({ dueDate, amountMinor: amount })),
  };
}

export function sha256Hex(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Reads a stored document back (the bytes S3 holds are the ones that were signed). */
export function parseSettlementDocument(content: Uint8Array): SettlementDocument {
  const parsed = JSON.parse(new TextDecoder().decode(content)) as SettlementDocument;
  if (parsed.format !== settlementDocumentFormat) throw new TypeError(`not a ${settlementDocumentFormat} document`);
  return parsed;
}

const roleLabels = { applicant: '申请人 / Applicant', respondent: '被申请人 / Respondent' } as const;

/**
 * The readable rendering, Chinese and English side by side: an HTML fragment (the page frame is
 * the caller's). Every value is escaped; the hash shown is the one each party signs.
 */
export function settlementDocumentHtml(document: SettlementDocument, sha256: string): string {
  const nameOf = new Map(document.parties.map((party) => [party.partyId, party.name]));
  const who = (partyId: string) => escapeHtml(nameOf.get(partyId) ?? partyId);
  const reference = escapeHtml(document.disputeId.slice(-8));
  const parties = document.parties
    .map(
      (party) =>
        `<li>${roleLabels[party.role]}：<b>${escapeHtml(party.name)}</b>（${party.kind === 'company' ? '统一社会信用代码 / Credit code' : '身份证件 / ID'} ${escapeHtml(party.idMasked)}）</li>`,
    )
    .join('');
  const obligations = document.obligations
    .map((obligation, index) => {
      if (obligation.kind === 'act') {
        return `<li>${index + 1}. ${who(obligation.debtor)} 应于 ${escapeHtml(obligation.dueDate)} 前向 ${who(obligation.creditor)} 履行：${escapeHtml(obligation.description)}<br>${who(obligation.debtor)} shall, by ${escapeHtml(obligation.dueDate)}, do the following for ${who(obligation.creditor)}: ${escapeHtml(obligation.description)}</li>`;
      }
      const amount = money(obligation.amountMinor, obligation.currency);
      const instalments = obligation.instalments
        .map(
          (instalment, position) =>
            `<li>第 ${position + 1} 期 / Instalment ${position + 1}：${money(instalment.amountMinor, obligation.currency)}，${escapeHtml(instalment.dueDate)} 前 / by ${escapeHtml(instalment.dueDate)}</li>`,
        )
        .join('');
      return `<li>${index + 1}. ${who(obligation.debtor)} 向 ${who(obligation.creditor)} 支付 ${amount}<br>${who(obligation.debtor)} shall pay ${who(obligation.creditor)} ${amount}<ul>${instalments}</ul></li>`;
    })
    .join('');
  const clauses = document.clauses.map((clause) => `<li>${escapeHtml(clause)}</li>`).join('');
  const subject = document.subjectMatter;
  const yesNo = (value: boolean) => (value ? '是 / Yes' : '否 / No');
  return `<h1>调解协议书 / Mediation settlement agreement</h1>
<p class="muted">纠纷 / Dispute ${reference} · 第 ${document.settlementVersion} 版 / Version ${document.settlementVersion}</p>
<h2>当事人 / Parties</h2><ul>${parties}</ul>
<p>调解员 / Mediator：<b>${escapeHtml(document.mediator.name)}</b>（${escapeHtml(document.mediator.organizationId)}）</p>
<h2>标的 / Subject matter</h2>
<p>${escapeHtml(subject.description)}</p>
<ul><li>涉及身份关系（身份、婚姻、收养）/ Touches personal status (identity, marriage, adoption)：${yesNo(subject.touchesPersonalStatus)}</li>
<li>确认物权或知识产权权属 / Confirms title to property or IP：${yesNo(subject.confirmsTitle)}</li>${subject.locationRegion ? `<li>标的所在地 / Location：${escapeHtml(subject.locationRegion)}</li>` : ''}</ul>
<h2>协议内容 / Obligations</h2><ol style="list-style:none;padding-left:0">${obligations}</ol>
${clauses ? `<h2>其他条款 / Other clauses</h2><ol>${clauses}</ol>` : ''}
<p class="muted">各方签署的文件哈希 (SHA-256) / The hash each party signs:<br><code data-testid="document-sha256">${escapeHtml(sha256)}</code></p>`;
}

function money(amountMinor: number, currency: string): string {
  const major = Math.trunc(amountMinor / 100);
  const minor = String(amountMinor % 100).padStart(2, '0');
  return `${escapeHtml(currency)} ${major.toLocaleString('en-US')}.${minor}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
