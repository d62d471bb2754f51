import type { Principal } from '../../domain/principal';
import {
  assertDecidable,
  type CourtRulingDocument,
  type RulingDocumentReference,
} from '../../domain/settlement/confirmation-request';
import type { DocumentStore } from '../../ports/document-store';
import type { UploadedDocuments, UploadOffer } from '../../ports/uploaded-documents';
import type { ConfirmationDeps } from './confirmation-facts';
import { loadCourtRequest } from './court-applications';

/** Where the platform keeps the court's verified ruling: by its hash, so two attempts never overwrite each other. */
export const courtRulingKey = (requestId: string, sha256: string) => `rulings/${requestId}/${sha256}`;

export interface RulingDocumentDeps extends ConfirmationDeps {
  documents?: DocumentStore;
  /** Courts' uploads of their rulings: the documents feature's (ports/uploaded-documents.ts). */
  uploadedDocuments: UploadedDocuments;
}

/**
 * The court applied to asks to upload its ruling (issue 12, item 3): a document id and a
 * presigned PUT URL under this application's own upload prefix. Any other caller learns nothing:
 * another court's application is a 404, as every court action is. An application that can take no
 * decision any more (withdrawn, not accepted, decided) is offered no upload: 409
 * `application_not_decidable`, since a ruling uploaded for it could never be named.
 */
export async function offerRulingUpload(
  deps: RulingDocumentDeps,
  principal: Principal,
  requestId: string,
  mediaType: string,
): Promise<UploadOffer> {
  const { request } = await loadCourtRequest(deps.store, principal, requestId);
  assertDecidable(request);
  return deps.uploadedDocuments.offer({ kind: 'confirmation_request', requestId }, mediaType);
}

/**
 * The ruling document a decision names, checked and kept: read from this application's uploads
 * (a document uploaded for another application is not there: `document_missing`), measured and
 * hashed against the SHA-256 the court gave, then copied under the platform's own key, so the
 * bytes served are the bytes checked even if the court's upload URL is used again afterwards.
 *
 * Like POST /v1/services (request-service.ts), this writes to S3 from the HTTP request, before the
 * state change: the decision must record a document that is already the platform's own. A copy
 * whose decision then fails stays unreferenced under its hash (harmless).
 *
 * Nothing is read when the decision cannot be new (already decided: a repeat or a 409; not under
 * review: a 422), so those answers stay what they were without a document.
 */
export async function verifiedRulingDocument(
  deps: RulingDocumentDeps,
  principal: Principal,
  requestId: string,
  reference: RulingDocumentReference,
): Promise<CourtRulingDocument | undefined> {
  const { request } = await loadCourtRequest(deps.store, principal, requestId);
  if (request.decision || request.status !== 'accepted') return undefined;
  const upload = await deps.uploadedDocuments.readVerified({ kind: 'confirmation_request', requestId }, reference);
  if (!deps.documents) throw new Error('no document store is configured');
  const stored = await deps.documents.put(courtRulingKey(requestId, upload.sha256), upload.content, upload.mediaType);
  if (stored.sha256 !== upload.sha256) throw new Error('the document store reported another hash than the upload has');
  return {
    documentId: upload.documentId,
    sha256: upload.sha256,
    size: upload.size,
    mediaType: upload.mediaType,
    key: stored.key,
  };
}
