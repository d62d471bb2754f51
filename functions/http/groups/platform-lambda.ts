import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import { tableProbe } from '../../../shared/adapters/dynamodb/table-probe';
import { KmsProofSigner } from '../../../shared/adapters/kms/kms-proof-signer';
import { requireSetting } from '../../../shared/config/config';
import type { AppEnv } from '../app-env';
import { appShell, finishApp } from '../app-shell';
import { type ApiDocument, withServers } from '../openapi/document';
import { apiDocumentFile } from '../openapi/document-file';
import { groupFunction, serveGroup } from './lambda-kit';
import { mountPlatform } from './platform';

/**
 * The platform group's function (route-groups.ts): health, the proof key, the page kit's files and
 * the API description. The description is built at build time from the app that serves every route
 * (openapi/write-document.ts, run by the construct's bundling: `apiDocumentFile`) and read from the
 * bundle's folder at the first request, so this function carries none of the routes it describes.
 */
const fn = groupFunction('platform');
const { config, publicBaseUrl } = fn;
const deps = { publicBaseUrl, logger: fn.telemetry.logger };

let document: Promise<ApiDocument> | undefined;
async function apiDocument(): Promise<ApiDocument> {
  document ??= readFile(new URL(`./${apiDocumentFile}`, import.meta.url), 'utf8').then(
    (text) => JSON.parse(text) as ApiDocument,
  );
  return withServers(await document, publicBaseUrl);
}

const app = appShell(new Hono<AppEnv>(), deps);
mountPlatform(app, {
  health: { dynamodb: tableProbe(fn.client, config.TABLE_NAME) },
  proofSigner: KmsProofSigner.inRegion(config.AWS_REGION, requireSetting(config, 'PROOF_KEY_ID')),
  apiDocument,
});

export const handler = serveGroup(fn.telemetry, finishApp(app, deps));
