import { resolve } from 'node:path';
import { LocalTokens } from '../../shared/adapters/identity/local-tokens';
import { isRole, roles } from '../../shared/domain/principal';
import { loadOrCreateSecrets } from './local-secrets';

/**
 * `npm run token -- <role> <id>`: prints a bearer token for the embedded runtime, of the same shape
 * Cognito issues (people: `sub` + `cognito:groups`; courts: `client_id` + the court scope).
 */
const [role, subjectId] = process.argv.slice(2);
if (!isRole(role) || !subjectId) {
  console.error(`usage: npm run token -- <${roles.join('|')}> <id>\n  e.g. npm run token -- operator op-1`);
  process.exit(2);
}
const dataDir = resolve(process.env.PLATFORM_DATA_DIR ?? '.data');
const tokens = await LocalTokens.fromKey((await loadOrCreateSecrets(dataDir)).signingKey);
console.log(await tokens.sign(role, subjectId));
