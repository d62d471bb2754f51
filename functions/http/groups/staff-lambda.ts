import { groupLambda } from './group-lambda';
import { documentsIn } from './lambda-documents';
import { staffAccountsIn } from './lambda-staff-accounts';
import { mountStaff } from './staff';

/** The staff group's function (route-groups.ts): its routes only, on the ports they use. */
export const handler = groupLambda('staff', {
  mount: mountStaff,
  ports: (fn) => ({ ...documentsIn(fn), ...staffAccountsIn(fn) }),
});
