import { writeFile } from 'node:fs/promises';
import { createLogger } from '../../../shared/adapters/logging/logger';
import { createApp } from '../app';
import type { HttpPorts } from '../deps';
import { describeApi } from './document';

/**
 * Writes the OpenAPI document of every route (the app that serves them all, as the embedded runtime
 * does) to the file named by the one argument, without servers: the platform function adds its
 * deployment's (platform-lambda.ts). Run at build time by the construct's bundling of that function.
 *
 * Describing the routes reads their schemas only and serves no request, so the app is built on
 * ports that are not there (any use would fail loudly): only what building the app itself reads.
 */
async function main(file: string | undefined): Promise<void> {
  if (file === undefined) throw new Error('usage: write-document.ts <file to write>');
  const describing = {
    publicBaseUrl: 'http://localhost',
    health: {},
    logger: createLogger('openapi-document', 'ERROR'),
  } as Partial<HttpPorts> as HttpPorts;
  await writeFile(file, JSON.stringify(describeApi(createApp(describing))));
}

await main(process.argv[2]);
