import { awsProofDeps } from '../../aws-adapters';
import { groupLambda } from './group-lambda';
import { documentsIn } from './lambda-documents';
import { mountService } from './service';

/**
 * The service API group's function (route-groups.ts): its routes only, behind the bearer guard. The
 * one HTTP function with the checkpoints: proofs of service are checked against them and signed
 * (GET /v1/services/{id}/proof).
 */
export const handler = groupLambda('service', {
  api: true,
  mount: mountService,
  ports: (fn) => ({ ...documentsIn(fn), proof: awsProofDeps(fn.config) }),
});
