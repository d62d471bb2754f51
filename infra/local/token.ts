import { resolve } from 'node:path';
import { isRole, roles } from '../../shared/domain/principal';
import { LocalIssuer, localIssuerUrlFor } from './local-issuer';
import { loadOrCreateSecrets } from './local-secrets';

/**
 * `npm run token -- <role> <id>`: prints a bearer token for the embedded runtime, signed by the
 * local issuer with Cognito's shapes (people: `sub` + `cognito:groups` through the pages' client;
 * courts: `client_id` + the court scope). A court's token is accepted only for a client the roster
 * knows (registered with the court, or issued by POST /v1/courts/{id}/credentials).
 */
const [role, subjectId] = process.argv.slice(2);
if (!isRole(role) || !subjectId) {
  console.error(`usage: npm run token -- <${roles.join('|')}> <id>\n  e.g. npm run token -- operator op-1`);
  process.exit(2);
}
const dataDir = resolve(process.env.PLATFORM_DATA_DIR ?? '.data');
const issuer = await LocalIssuer.create({
  key: (await loadOrCreateSecrets(dataDir)).issuerKey,
  // The platform's issuer is under its public base URL, with the same default as `npm start`
  // (its PORT), so `PORT=3101 npm run token …` signs for the platform on 3101.
  issuer: localIssuerUrlFor(process.env.PUBLIC_BASE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`),
});
console.log(await issuer.sign(role, subjectId));
