import { mountAuth } from './auth';
import { groupLambda } from './group-lambda';

/** The auth group's function (route-groups.ts): its routes only, on the ports they use. */
export const handler = groupLambda('auth', { mount: mountAuth });
