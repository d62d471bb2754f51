import { mountAuth } from './auth';
import { serveGroupApp } from './group-app';
import { groupFunction, groupPorts } from './lambda-kit';

/**
 * The auth group's function (route-groups.ts): its routes only, on the ports they use. They use
 * none of the capabilities (deps.ts), so none is made (or bundled) here.
 */
const fn = groupFunction('auth');
export const handler = serveGroupApp(fn, groupPorts(fn), { mount: mountAuth });
