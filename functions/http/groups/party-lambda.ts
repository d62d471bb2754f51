import { groupLambda } from './group-lambda';
import { documentsIn } from './lambda-documents';
import { mountParty } from './party';

/** The party group's function (route-groups.ts): its routes only, on the ports they use. */
export const handler = groupLambda('party', { mount: mountParty, ports: documentsIn });
