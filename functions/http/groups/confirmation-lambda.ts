import { mountConfirmation } from './confirmation';
import { groupLambda } from './group-lambda';
import { documentsIn } from './lambda-documents';

/** The confirmation API group's function (route-groups.ts): its routes only, behind the bearer guard, on the ports they use. */
export const handler = groupLambda('confirmation', { api: true, mount: mountConfirmation, ports: documentsIn });
