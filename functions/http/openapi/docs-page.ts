import { html, raw } from 'hono/html';

export type OpenApiDocument = {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
};
type Operation = {
  summary?: string;
  tags?: string[];
  security?: unknown[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string }>;
};

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * The API reference at /docs, rendered on the server from the same OpenAPI document served at
 * /openapi.json. It loads nothing from a CDN, so it works on a closed network and inside a court's
 * own infrastructure.
 */
export function renderDocsPage(document: OpenApiDocument) {
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    methods.filter((method) => item[method]).map((method) => ({ path, method, operation: item[method] as Operation })),
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${document.info.title} — API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:960px;padding:1rem;color:#1c2430}
h1{margin-bottom:0}.op{border:1px solid #d5dae1;border-radius:6px;margin:.75rem 0;padding:.5rem .75rem}
.m{display:inline-block;min-width:4.5rem;font-weight:700;text-transform:uppercase}
.get{color:#0b6e4f}.post{color:#1d4ed8}.patch,.put{color:#92400e}.delete{color:#b91c1c}
code{background:#f3f5f8;padding:0 .25rem;border-radius:3px}details pre{background:#f3f5f8;overflow:auto;padding:.5rem}
.r{color:#4b5563;font-size:13px}
</style>
</head>
<body>
<h1>${document.info.title}</h1>
<p>Version ${document.info.version}. ${document.info.description ?? ''}
The machine-readable document is at <a href="/openapi.json"><code>/openapi.json</code></a>.</p>
${operations.map(
  ({ path, method, operation }) => html`<section class="op">
<div><span class="m ${method}">${method}</span> <code>${path}</code> ${operation.summary ?? ''}</div>
<div class="r">${operation.security?.length === 0 ? 'public' : 'bearer token'} ·
responses: ${Object.entries(operation.responses ?? {})
    .map(([status, response]) => `${status} ${response.description ?? ''}`)
    .join(' · ')}</div>
${
  operation.requestBody?.content
    ? html`<details><summary>request body</summary><pre>${JSON.stringify(
        Object.values(operation.requestBody.content)[0]?.schema ?? {},
        null,
        2,
      )}</pre></details>`
    : raw('')
}
</section>`,
)}
</body>
</html>`;
}
