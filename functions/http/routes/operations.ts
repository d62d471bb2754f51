import { z } from '@hono/zod-openapi';
import type { FailedExecutionRecord } from '../../../shared/domain/operations/failed-execution';
import { workflowNames } from '../../../shared/ports/workflows';
import { listFailedExecutions, requestRedrive } from '../../../shared/use-cases/operations/failed-executions';
import type { HttpDeps } from '../deps';
import { json, routeGroup } from './route-kit';
import { PageQuerySchema, pageOf } from './schemas';

const FailedExecutionSchema = z
  .object({
    id: z.string().openapi({ description: '`<workflow>:<execution name>`; the id of the redrive route' }),
    workflow: z.enum(workflowNames),
    name: z.string(),
    status: z.enum(['failed', 'timed_out', 'aborted']).openapi({ description: 'how the execution ended' }),
    stoppedAt: z.iso.datetime(),
    error: z.string().optional(),
    cause: z.string().optional(),
    state: z
      .enum(['failed', 'redrive_requested', 'redriven', 'not_redrivable'])
      .openapi({ description: 'where the operators are with it' }),
    redrives: z.number().int().openapi({ description: 'redrives so far, automatic ones included' }),
    refusal: z.string().optional().openapi({ description: 'why the engine refused the last redrive' }),
  })
  .openapi('FailedExecution');

const IdParamSchema = z.object({
  id: z
    .string()
    .max(200)
    .regex(/^[A-Za-z]+:[A-Za-z0-9_.:-]+$/, '`<workflow>:<execution name>`'),
});

/** Operators' recovery tools (DESIGN.md, Operations). */
export function operationsRoutes(deps: HttpDeps) {
  return routeGroup('/v1/operations', 'operations')
    .operation(
      'get',
      '/failed-executions',
      {
        operationId: 'listFailedExecutions',
        summary: 'Workflow executions that failed and wait for an operator (operators)',
        notes:
          'Recorded by the reconciler (every five minutes) from the workflow engine; an execution leaves the list ' +
          'once redriven.',
        request: { query: PageQuerySchema },
        responses: {
          200: json(pageOf(FailedExecutionSchema).openapi('FailedExecutionPage'), 'a page of failed executions'),
        },
      },
      async (c) => {
        const page = await listFailedExecutions(deps, c.req.valid('query'));
        return c.json({ ...page, items: page.items.map(publicView) }, 200);
      },
    )
    .operation(
      'post',
      '/failed-executions/{id}/redrive',
      {
        operationId: 'redriveFailedExecution',
        summary: 'Run a failed execution again (operators)',
        notes:
          'Asks for the redrive (Step Functions `RedriveExecution` in AWS; the local runner runs the execution again ' +
          'from the top); it happens within seconds. Asking again changes nothing.',
        request: { params: IdParamSchema },
        responses: { 202: json(FailedExecutionSchema, 'the redrive is asked for (or was already)') },
      },
      async (c) => {
        const record = await requestRedrive(deps, c.get('principal'), c.req.valid('param').id);
        return c.json(publicView(record), 202);
      },
    );
}

/** The record without the engine's internals (the ARN, the reconciler's own counter). */
function publicView(record: FailedExecutionRecord): z.infer<typeof FailedExecutionSchema> {
  const { arn: _arn, automaticRedrives: _automatic, recordedAt: _recorded, ...view } = record;
  return view;
}
