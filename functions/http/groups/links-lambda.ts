import { groupLambda } from './group-lambda';
import { documentsIn } from './lambda-documents';
import { mountLinks } from './links';

/** The links group's function (route-groups.ts): its routes only, on the ports they use. */
export const handler = groupLambda('links', { mount: mountLinks, ports: documentsIn });
