import { html, raw } from 'hono/html';
import type { ChainProof, ProofBundle } from '../../../shared/domain/proof/proof-bundle';

/**
 * The proof of service as a print-friendly page for the court: the same bundle as the JSON, laid
 * out on A4 with no script and no outside resource. Every value is escaped by `html`.
 */
export function renderServiceProofPage(proof: ProofBundle) {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>Proof of service ${proof.serviceId}</title>
<style>
body{font:12pt/1.45 "Songti SC","SimSun",serif;margin:1.5cm;color:#000}
h1{font-size:16pt}h2{font-size:13pt;margin-top:1.2em;border-bottom:1px solid #000}
table{border-collapse:collapse;width:100%;margin:.4em 0}td,th{border:1px solid #555;padding:3px 5px;text-align:left;vertical-align:top;font-size:10pt}
code{font-size:9pt;word-break:break-all}.ok{font-weight:bold}.bad{font-weight:bold;color:#a00}
@media print{@page{size:A4;margin:1.5cm}body{margin:0}h2{page-break-after:avoid}tr{page-break-inside:avoid}}
</style>
</head>
<body>
<h1>送达证明 Proof of service</h1>
<table>
<tr><th>Service</th><td><code>${proof.serviceId}</code></td></tr>
<tr><th>Issuer 送达机关</th><td>${proof.issuer}</td></tr>
<tr><th>Document 文书</th><td>${proof.document.title} (${proof.document.kind}, ${proof.document.mediaType}, ${proof.document.size} bytes)</td></tr>
<tr><th>SHA-256</th><td><code>${proof.document.sha256}</code></td></tr>
<tr><th>Generated 生成时间</th><td>${proof.generatedAt}</td></tr>
</table>
${proof.recipients.map(
  (
    recipient,
  ) => html`<h2>Recipient 受送达人 ${recipient.recipient.name ?? ''} ${recipient.recipient.idMasked ?? ''}</h2>
<p>Status 状态: <b>${recipient.status}</b>${
    recipient.served
      ? html` — served at ${recipient.served.at} by rule <code>${recipient.served.rule}</code> (attempt ${recipient.served.attemptNo})`
      : ''
  }${recipient.unserved ? html` — ${recipient.unserved.reason}: ${recipient.unserved.detail}` : ''}${
    recipient.alternative
      ? html` — alternative service by ${recipient.alternative.method} at ${recipient.alternative.at}`
      : ''
  }. Consent basis 同意依据: ${recipient.consentBasis ?? 'none'}; identity 身份核验: ${recipient.identityAssurance ?? 'not recorded'}</p>${
    recipient.discrepancies
      ? html`<p class="bad">The platform's record disagrees with the chain on: ${recipient.discrepancies.join(', ')} (the chain is what this proof states).</p>`
      : ''
  }
<table>
<tr><th>#</th><th>Channel</th><th>Address</th><th>Sources</th><th>Sent</th><th>Delivered</th><th>Signed</th><th>Provider id</th><th>Outcome</th></tr>
${recipient.attempts.map(
  (attempt) => html`<tr><td>${attempt.attemptNo}</td><td>${attempt.channel}</td><td>${attempt.address}</td>
<td>${(attempt.sources ?? []).map((source) => `${source.source} (${source.observedAt}${source.reference ? `, ${source.reference}` : ''})`).join('; ')}</td>
<td>${attempt.sentAt ?? ''}</td><td>${attempt.deliveredAt ?? ''}</td><td>${attempt.acknowledgedAt ?? ''}</td>
<td><code>${attempt.providerMessageId ?? ''}</code></td><td>${attempt.outcome ?? attempt.messageStatus}${attempt.failureReason ? ` (${attempt.failureReason})` : ''}</td></tr>`,
)}
</table>
${chainSection("Recipient's event chain 受送达人事件哈希链", recipient.chain)}`,
)}
${chainSection('Service event chain 送达事件哈希链', proof.chain)}
<h2>Signature 签名</h2>
<p>This bundle is signed with the platform's proof key <code>${proof.signature.keyId}</code> (${proof.signature.algorithm}); every chain's checkpoints are signed with the same key. Check it offline with the public key: <code>npm run verify-proof -- bundle.json --key proof-key.pem</code>.</p>
${raw('')}
</body>
</html>`;
}

/** A chain with its head, whether its events still hash to it, and every event. */
function chainSection(title: string, chain: ChainProof) {
  const verdict = chain.verification;
  return html`<h2>${title}</h2>
<p>Head: seq ${chain.head.seq}, <code>${chain.head.hash}</code>.
Verification 校验: ${
    verdict.intact
      ? html`<span class="ok">intact (${verdict.length} events; signed checkpoints through event ${verdict.checkpointedThrough})</span>`
      : html`<span class="bad">BROKEN at event ${verdict.brokenAt}: ${verdict.reason}</span>`
  }</p>
<table>
<tr><th>Seq</th><th>Time</th><th>Event</th><th>Actor</th><th>Hash</th></tr>
${chain.events.map(
  (event) =>
    html`<tr><td>${event.seq}</td><td>${event.at}</td><td>${event.type}</td><td>${event.actor}</td><td><code>${event.hash}</code></td></tr>`,
)}
</table>`;
}
