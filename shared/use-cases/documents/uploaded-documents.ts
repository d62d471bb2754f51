import { createHash } from 'node:crypto';
import { RuleViolation } from '../../domain/errors';
import { maxUploadBytes } from '../../domain/limits/upload-size';
import type { Clock } from '../../ports/clock';
import type { DocumentUploads } from '../../ports/document-uploads';
import type { Ids } from '../../ports/ids';
import type {
  DocumentReference,
  UploadedDocuments,
  UploadOffer,
  UploadScope,
  VerifiedUpload,
} from '../../ports/uploaded-documents';

/** How long an upload URL works: room for 20 MB on a slow line; a URL that leaks soon does nothing. */
export const uploadUrlSeconds = 15 * 60;

/** Everything under `uploads/` is the uploaders' draft; the platform keeps its own copy of what it verified. */
export function uploadKey(scope: UploadScope, documentId: string): string {
  switch (scope.kind) {
    case 'confirmation_request':
      return `uploads/confirmation-requests/${scope.requestId}/${documentId}`;
    case 'court':
      return `uploads/courts/${scope.courtId}/${documentId}`;
    case 'platform':
      return `uploads/platform/${documentId}`;
  }
}

/** A document id as the platform issues it (`doc_` and 128 random bits, base64url). */
export const documentIdPattern = /^doc_[A-Za-z0-9_-]{22}$/;

export interface UploadDeps {
  uploads?: DocumentUploads;
  ids: Ids;
  clock: Clock;
}

/**
 * A new document id and a presigned URL to PUT its bytes to. Nothing is recorded: the id only
 * means something once an object exists under the scope's key, and asking again gives another id.
 */
export async function offerUpload(deps: UploadDeps, scope: UploadScope, mediaType: string): Promise<UploadOffer> {
  const uploads = uploadsOf(deps);
  const documentId = deps.ids.next('doc');
  const expiresAt = new Date(deps.clock.now().getTime() + uploadUrlSeconds * 1000).toISOString();
  const presigned = await uploads.presignPut(uploadKey(scope, documentId), {
    mediaType,
    expiresInSeconds: uploadUrlSeconds,
  });
  return {
    documentId,
    upload: { method: 'PUT', url: presigned.url, headers: presigned.headers, expiresAt },
    maxBytes: maxUploadBytes,
  };
}

/**
 * The uploaded bytes, checked by the platform itself: S3 locally (s3rver) enforces neither a
 * checksum nor a size on a presigned upload, so what arrived is read, measured (not empty, at most
 * 20 MB) and hashed, and must hash to what the client named. Any mismatch is a 422 naming the rule,
 * before anything is recorded.
 */
export async function readVerifiedUpload(
  deps: { uploads?: DocumentUploads },
  scope: UploadScope,
  reference: DocumentReference,
): Promise<VerifiedUpload> {
  const { documentId } = reference;
  const found = await uploadsOf(deps).read(uploadKey(scope, documentId), maxUploadBytes);
  if (!found) {
    throw new RuleViolation(
      'document_missing',
      `no document ${documentId} was uploaded here: PUT it to the URL its upload was offered with first`,
      { details: { documentId } },
    );
  }
  if (found.status === 'too_large') {
    throw new RuleViolation('document_too_large', `the uploaded document is larger than ${maxUploadBytes} bytes`, {
      details: { documentId, size: found.size, maxBytes: maxUploadBytes },
    });
  }
  if (found.content.byteLength === 0) {
    throw new RuleViolation('document_empty', 'the uploaded document is empty', { details: { documentId } });
  }
  const sha256 = createHash('sha256').update(found.content).digest('hex');
  if (sha256 !== reference.sha256.toLowerCase()) {
    throw new RuleViolation('document_hash_mismatch', 'the uploaded bytes do not have the SHA-256 named', {
      details: { documentId, expected: reference.sha256.toLowerCase(), actual: sha256 },
    });
  }
  return { documentId, sha256, size: found.content.byteLength, mediaType: found.mediaType, content: found.content };
}

/** The documents feature's uploads, bound to their ports, for the features that take uploaded documents. */
export function uploadedDocumentsOf(deps: UploadDeps): UploadedDocuments {
  return {
    offer: (scope, mediaType) => offerUpload(deps, scope, mediaType),
    readVerified: (scope, reference) => readVerifiedUpload(deps, scope, reference),
  };
}

function uploadsOf(deps: { uploads?: DocumentUploads }): DocumentUploads {
  if (!deps.uploads) throw new Error('no document uploads are configured');
  return deps.uploads;
}
