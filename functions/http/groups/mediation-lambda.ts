import { groupLambda } from './group-lambda';
import { documentsIn } from './lambda-documents';
import { mountMediation } from './mediation';

/** The mediation API group's function (route-groups.ts): its routes only, behind the bearer guard, on the ports they use. */
export const handler = groupLambda('mediation', { api: true, mount: mountMediation, ports: documentsIn });
