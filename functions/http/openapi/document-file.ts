/**
 * The platform function's API description, built at build time: the file the construct's bundling
 * writes next to the bundle (infra/stacks/api-stack.ts runs `writer`) and the function reads
 * (functions/http/groups/platform-lambda.ts). Plain data: the CDK app imports it.
 */
export const apiDocumentFile = 'openapi.json';

/** The script that writes it, relative to the project root; its one argument is the file to write. */
export const apiDocumentWriter = 'functions/http/openapi/write-document.ts';
