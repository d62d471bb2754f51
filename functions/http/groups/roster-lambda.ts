import { serveGroupApp } from './group-app';
import { groupFunction, groupPorts } from './lambda-kit';
import { rosterAdminIn } from './lambda-roster-admin';
import { mountRoster } from './roster';

/**
 * The roster API group's function (route-groups.ts): its routes only, behind the bearer guard. Its
 * Cognito clients (lambda-roster-admin.ts): operators issue courts' credentials at run time, as app
 * clients on the courts' pool, and create mediators' sign-ins on the staff pool (its only IAM grants
 * there). Its routes use the ports alone, none of the capabilities (deps.ts), so none is made (or
 * bundled) here.
 */
const fn = groupFunction('roster');
export const handler = serveGroupApp(
  fn,
  { ...groupPorts(fn), ...rosterAdminIn(fn) },
  { api: true, mount: mountRoster },
);
