import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { createPlatform, maxPublicBaseUrlLength, readPlatformContext } from '../../infra/app';
import { synthPlatform } from './synth-platform';

/** A base of exactly the longest length allowed: `https://` and 24 characters. */
const longestBase = `https://${'a'.repeat(maxPublicBaseUrlLength - 'https://'.length - '.cn'.length)}.cn`;

describe('context publicBaseUrl', () => {
  it('refuses a base longer than 32 characters, saying why', () => {
    // Prepare: one character too long
    const app = new App({ context: { publicBaseUrl: `${longestBase.slice(0, -3)}a.cn` } });

    // Act / Assess: the synth stops before any stack exists
    expect(() => createPlatform(app)).toThrow(
      /publicBaseUrl .* is 33 characters; at most 32 keep an SMS with a link within two segments/,
    );
  });

  it('refuses a base that is not an https origin', () => {
    for (const bad of ['http://ts.example.cn', 'https://ts.example.cn/path', 'ts.example.cn']) {
      expect(() => readPlatformContext(new App({ context: { publicBaseUrl: bad } })), bad).toThrow(
        /https:\/\/ (URL|origin)/,
      );
    }
  });

  it('takes a base of 32 characters (a trailing slash dropped) into the functions that build links', () => {
    // Act
    expect(longestBase).toHaveLength(32);
    const { templates } = synthPlatform({ publicBaseUrl: `${longestBase}/` });

    // Assess: the outbox consumer (milestones, invitations) and the workflow tasks (service) build on it
    for (const stack of [templates.events, templates.workflows]) {
      stack.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ PUBLIC_BASE_URL: longestBase }) },
      });
    }
  });
});
