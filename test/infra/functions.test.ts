import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeGroups } from '../../functions/http/route-groups';
import type { Platform } from '../../infra/app';
import { projectRoot } from '../support/project-root';
import { resourcesOfType, type SynthesizedPlatform, synthPlatform } from './synth-platform';

describe('Lambda functions', () => {
  let synthesized: SynthesizedPlatform;
  beforeAll(() => {
    // `api`: links on the API's own URL (no custom domain), so the test can see they name the deployed API.
    synthesized = synthPlatform({ publicBaseUrl: 'api' });
  });

  const stacks = ['data', 'messaging', 'workflows', 'api', 'events'] as const satisfies ReadonlyArray<keyof Platform>;

  it('deploys one house function per Lambda entry point, each in the stack that owns its trigger', () => {
    // Prepare: the entry points are the files under functions/ that export a Lambda handler.
    const entryPoints = readdirSync(join(projectRoot, 'functions'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => /export const handler\b/.test(readFileSync(join(projectRoot, 'functions', file), 'utf8')));

    // Act: the house functions (PLATFORM_STAGE set) of every stack, by their description.
    const deployed = Object.fromEntries(
      stacks.map((stack) => [
        stack,
        Object.values(resourcesOfType(synthesized.templates[stack], 'AWS::Lambda::Function'))
          .filter(
            (fn) =>
              (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables
                ?.PLATFORM_STAGE === 'aws',
          )
          .map((fn) => String(fn.Properties.Description).split(':')[0])
          .sort(),
      ]),
    );

    // Assess
    expect(deployed, 'house functions by stack').toEqual({
      data: [],
      messaging: [],
      workflows: [
        'MessageDelivery workflow tasks',
        'OfferLifecycle workflow tasks',
        'ServiceDelivery workflow tasks',
        'WebhookDelivery workflow tasks',
      ],
      api: [
        'HTTP confirmation API',
        'HTTP links',
        'HTTP mediation API',
        'HTTP party pages',
        'HTTP platform',
        'HTTP roster API',
        'HTTP service API',
        'HTTP sign-in',
        'HTTP staff pages',
      ],
      events: [
        'Outbox items from the table stream',
        'Reconciler',
        'SES events of the configuration set',
        'SNS SMS delivery-status log events',
        'Signs the heads of the hash chains that moved and files them in the checkpoint bucket',
      ],
    });
    const total = Object.values(deployed).reduce((sum, names) => sum + names.length, 0);
    expect(total, `one function per entry point (${entryPoints.sort().join(', ')})`).toBe(entryPoints.length);
  });

  it.each(stacks)('gives every function in the %s stack a log group of its own with retention', (stack) => {
    const template = synthesized.templates[stack];
    const logGroups = resourcesOfType(template, 'AWS::Logs::LogGroup');

    for (const [id, fn] of Object.entries(resourcesOfType(template, 'AWS::Lambda::Function'))) {
      const logGroupRef = (fn.Properties.LoggingConfig as { LogGroup?: { Ref?: string } } | undefined)?.LogGroup?.Ref;
      expect(logGroupRef, `${stack}/${id} has no log group`).toBeDefined();
      const retention = logGroups[logGroupRef ?? '']?.Properties.RetentionInDays;
      expect(retention, `${stack}/${id}: log group ${logGroupRef} has no retention`).toBeGreaterThan(0);
    }
  });

  it.each(stacks)('runs the house functions of the %s stack on arm64 Node.js 24 with active tracing', (stack) => {
    const template = synthesized.templates[stack];

    for (const [id, fn] of Object.entries(resourcesOfType(template, 'AWS::Lambda::Function'))) {
      const environment = (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
      if (environment?.PLATFORM_STAGE !== 'aws') continue; // CDK's own custom resource handler
      expect(fn.Properties.Runtime, id).toBe('nodejs24.x');
      expect(fn.Properties.Architectures, id).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
    }
  });

  it('sets the configuration every function reads (shared/config/config.ts)', () => {
    const { api, events } = synthesized.templates;
    const variables = (template: typeof api) =>
      Object.values(resourcesOfType(template, 'AWS::Lambda::Function')).map(
        (fn) => (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables,
      );

    for (const environment of [...variables(api), ...variables(events)]) {
      expect(environment).toMatchObject({ PLATFORM_STAGE: 'aws', TABLE_NAME: expect.anything() });
    }
    // Every HTTP function but the platform's (health, proof key, API description) handles ID numbers and cursors.
    const apiFunctions = Object.values(resourcesOfType(api, 'AWS::Lambda::Function')).filter(
      (fn) => !String(fn.Properties.Description).startsWith('HTTP platform'),
    );
    for (const environment of apiFunctions.map(
      (fn) => (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables,
    )) {
      expect(environment).toMatchObject({
        PII_KMS_KEY_ID: expect.anything(),
        PII_HMAC_KEY_ID: expect.anything(),
        CURSOR_HMAC_KEY_ID: expect.anything(),
      });
    }
  });

  it("gives every function that builds links for people the public base URL: the API's own URL with publicBaseUrl=api", () => {
    // The functions whose entry point requires PUBLIC_BASE_URL (join, signing, portal and inbox links).
    const functions = stacks.flatMap((stack) =>
      Object.values(resourcesOfType(synthesized.templates[stack], 'AWS::Lambda::Function')),
    );
    // Every HTTP function (its pages and API descriptions name the platform's address too).
    const linkBuilders = [
      ...functions
        .map((fn) => String(fn.Properties.Description))
        .filter((description) => description.startsWith('HTTP ')),
      'ServiceDelivery workflow tasks',
      'Outbox items from the table stream',
    ];
    expect(linkBuilders.length).toBe(routeGroups.length + 2);

    for (const description of linkBuilders) {
      const fn = functions.find((candidate) => String(candidate.Properties.Description).startsWith(description));
      const url = (fn?.Properties.Environment as { Variables: Record<string, unknown> } | undefined)?.Variables
        .PUBLIC_BASE_URL;
      expect(url, `${description}: PUBLIC_BASE_URL is set`).toBeDefined();
      expect(JSON.stringify(url), `${description}: it names the deployed API, not a local address`).toMatch(
        /HttpApi|execute-api/,
      );
    }
  });
});
