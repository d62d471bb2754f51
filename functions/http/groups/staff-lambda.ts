import { groupLambda } from './group-lambda';
import { documentsIn } from './lambda-documents';
import { rosterAdminIn } from './lambda-roster-admin';
import { mountStaff } from './staff';

/**
 * The staff group's function (route-groups.ts): its routes only, on the ports they use; the
 * operator's roster pages issue courts' credentials and create mediators' sign-ins as the roster
 * API does (lambda-roster-admin.ts).
 */
export const handler = groupLambda('staff', {
  mount: mountStaff,
  ports: (fn) => ({ ...documentsIn(fn), ...rosterAdminIn(fn) }),
});
