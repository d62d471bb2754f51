import type { Principal } from '../../domain/principal';
import type { DocumentKind } from '../../domain/service/service';
import type { DocumentReference, UploadedDocuments, UploadOffer } from '../../ports/uploaded-documents';
import { uploadScopeOf } from './court-parties';
import type { ServiceHttpDeps } from './deps';
import { visibleService } from './read-service';
import { requestService } from './request-service';

/** What serving an uploaded document needs besides the service's own: the documents feature's uploads. */
export interface ServiceUploadDeps extends ServiceHttpDeps {
  uploadedDocuments: UploadedDocuments;
}

/** A presigned upload for a document to serve that is too large to send inline (up to 20 MB). */
export async function offerServiceUpload(
  deps: ServiceUploadDeps,
  principal: Principal,
  mediaType: string,
): Promise<UploadOffer> {
  return deps.uploadedDocuments.offer(await uploadScopeOf(deps.store, principal), mediaType);
}

/**
 * Serve an uploaded document: the upload (the caller's own: another court's document id names
 * nothing here) is read, measured and hashed against the SHA-256 the caller gave, then served as
 * an inline document is, so the bytes stored for the service, offered in the portal and hashed in
 * the proof are exactly the bytes checked. Its media type is the one the upload was offered for.
 */
export async function serveUploadedDocument(
  deps: ServiceUploadDeps,
  principal: Principal,
  request: {
    document: { title: string; kind: DocumentKind; upload: DocumentReference };
    recipients: Array<{ personId: string }>;
    /** See `ServiceRequest.serviceId`. */
    serviceId?: string;
  },
) {
  const upload = await deps.uploadedDocuments.readVerified(
    await uploadScopeOf(deps.store, principal),
    request.document.upload,
  );
  return requestService(deps, principal, {
    document: {
      title: request.document.title,
      kind: request.document.kind,
      mediaType: upload.mediaType,
      content: upload.content,
    },
    recipients: request.recipients,
    ...(request.serviceId === undefined ? {} : { serviceId: request.serviceId }),
  });
}

/**
 * The document a service served, as stored: what the recipients download in the portal, byte for
 * byte, with the SHA-256 the proof names. The serving court (its own services) and operators only.
 */
export async function readServedDocument(deps: ServiceHttpDeps, principal: Principal, serviceId: string) {
  const service = await visibleService(deps.store, principal, serviceId);
  const stored = await deps.documents?.get(service.document.key);
  if (!stored) throw new Error(`the document of service ${serviceId} is not stored`);
  return { content: stored.content, ...service.document };
}
