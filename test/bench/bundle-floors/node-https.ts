import { request } from 'node:https';

/** Floor 1: node's HTTPS client, which every AWS SDK client loads at import (its request handler). */
export const handler = async (): Promise<string> => typeof request;
