/*
 * Documents clients upload themselves (a court's ruling, a document too large to serve inline), as
 * a capability the documents feature lends the features that take them (confirmations, service):
 * they receive `UploadedDocuments` in their deps, bound over the presigned-upload port by the
 * composition root, and never import the feature.
 */

/**
 * Whose uploads an object belongs to. Keys are built by the platform from the caller's own scope
 * and a random id, never from the client's words, so a document id uploaded in one scope names no
 * object in another: a court cannot use a document uploaded for another court's application.
 */
export type UploadScope =
  | { kind: 'confirmation_request'; requestId: string }
  | { kind: 'court'; courtId: string }
  | { kind: 'platform' };

export interface UploadOffer {
  documentId: string;
  upload: { method: 'PUT'; url: string; headers: Record<string, string>; expiresAt: string };
  maxBytes: number;
}

/** A document as a client names it: the id the upload was offered under and the SHA-256 it says it uploaded. */
export interface DocumentReference {
  documentId: string;
  sha256: string;
}

export interface VerifiedUpload {
  documentId: string;
  sha256: string;
  size: number;
  mediaType: string;
  content: Uint8Array;
}

export interface UploadedDocuments {
  /** A new document id in `scope` and a presigned URL to PUT its bytes to; nothing is recorded. */
  offer(scope: UploadScope, mediaType: string): Promise<UploadOffer>;
  /**
   * The bytes uploaded under `scope` as `reference` names them, read back, measured and hashed by
   * the platform; a `RuleViolation` (422) names what does not match.
   */
  readVerified(scope: UploadScope, reference: DocumentReference): Promise<VerifiedUpload>;
}
