import type { Principal } from '../../shared/domain/principal';

/** Hono's typing of what middleware puts on the context, and of Lambda's bindings. */
export interface AppEnv {
  Variables: {
    correlationId: string;
    principal: Principal;
  };
  Bindings: {
    /** The API Gateway event, when running in Lambda (hono/aws-lambda). */
    event?: unknown;
  };
}
