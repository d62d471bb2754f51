import { S3DocumentStore } from '../../../shared/adapters/s3/s3-document-store';
import type { HttpPorts } from '../deps';
import type { GroupFunction } from './lambda-kit';

/**
 * Served and uploaded documents in S3, for the groups whose routes store or read them: served
 * documents go to S3 in the request that serves them (see request-service.ts for why); large ones
 * are uploaded by the client through URLs the function presigns, then checked there.
 */
export function documentsIn({ config }: GroupFunction): Pick<HttpPorts, 'documents' | 'uploads'> {
  const bucket = config.DOCUMENTS_BUCKET;
  if (bucket === undefined) return {};
  const documents = new S3DocumentStore({ clientConfig: { region: config.AWS_REGION }, bucket });
  return { documents, uploads: documents };
}
