import { Ajv2020 } from 'ajv/dist/2020';

type Json = Record<string, unknown>;

/**
 * Checks callbacks as a court's generated client would: against the served OpenAPI document's
 * `webhooks` (functions/http/routes/callback-events.ts), `$ref`s resolved within the document. The
 * document leaves objects open for clients; here every object is closed, so a field the document
 * does not describe is reported too. Answers the problems (empty when the callback conforms).
 */
export function callbackContract(document: Json): (callback: { type: string }) => string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(closed({ ...document, $id: 'openapi' }) as Json);
  return (callback) => {
    const pointer = `openapi#/webhooks/${callback.type}/post/requestBody/content/application~1json/schema`;
    const validate = ajv.getSchema(pointer);
    if (!validate) return [`no callback ${callback.type} in the document`];
    if (validate(callback)) return [];
    return (validate.errors ?? []).map(
      (error) => `${callback.type} ${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`,
    );
  };
}

/** A copy in which every schema that lists properties allows no others. */
function closed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(closed);
  if (value === null || typeof value !== 'object') return value;
  const copy = Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, closed(inner)]));
  if (copy.type === 'object' && copy.properties && copy.additionalProperties === undefined) {
    copy.additionalProperties = false;
  }
  return copy;
}
