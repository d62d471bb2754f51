/**
 * A stepper for the synthesized ServiceDelivery definition on simulated time (issue 16, item 1).
 * The local workflow runner (aws-local-stepfunctions) waits on real timers and keeps executions in
 * DynamoDB Local: at tens of thousands of services, with waits of hours, it would take days. This
 * steps the same Amazon States Language document, state by state, in the order it names: a Task
 * calls the task function with the payload its `Parameters` build; a `.waitForTaskToken` task
 * waits on the simulated clock until its token is completed or the timeout the definition states
 * (`TimeoutSeconds` or `TimeoutSecondsPath`) passes, then takes its `States.Timeout` catch. Only
 * A Wait state sleeps on the simulated clock for the seconds it states (`Seconds` or `SecondsPath`). Only
 * the constructs the definition uses are understood; anything else throws, so a definition that
 * grows a new construct fails the simulation loudly instead of being stepped wrongly.
 */

export interface AslDocument {
  StartAt: string;
  States: Record<string, AslState>;
}

interface AslCatch {
  ErrorEquals: string[];
  ResultPath?: string | null;
  Next: string;
}

export interface AslState {
  Type: string;
  Next?: string;
  End?: boolean;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  ResultSelector?: Record<string, unknown>;
  ResultPath?: string | null;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Seconds?: number;
  SecondsPath?: string;
  Catch?: AslCatch[];
  Choices?: Array<{ Variable: string; StringEquals?: string; Next: string }>;
  Default?: string;
}

/** What the stepper needs from the world: the task function, and waiting on simulated time. */
export interface StepperWorld {
  invokeTask(payload: Record<string, unknown>): Promise<unknown>;
  /** A fresh task token for a `.waitForTaskToken` task. */
  newTaskToken(): string;
  /**
   * Runs the world's events in time order until `token` is completed (its output) or the clock
   * reaches `deadlineMs` (undefined: the wait timed out; the clock then stands at the deadline).
   */
  waitForToken(token: string, deadlineMs: number): Promise<Record<string, unknown> | undefined>;
  /** Runs the world's events in time order until the clock reaches `untilMs` (a Wait state). */
  sleepUntil(untilMs: number): Promise<void>;
  nowMs(): number;
}

/** Every wait a run went through, with the timeout the definition gave it (the bench's test reads these). */
export interface WaitRecord {
  state: string;
  timeoutSeconds: number;
  timedOut: boolean;
}

export interface StepperRun {
  status: 'succeeded' | 'failed';
  output: Record<string, unknown>;
  states: string[];
  waits: WaitRecord[];
  error?: { Error: string; Cause: string };
}

class TaskFailed extends Error {
  constructor(
    readonly errorName: string,
    cause: string,
  ) {
    super(cause);
  }
}

const lambdaInvoke = 'arn:aws:states:::lambda:invoke';
const lambdaInvokeWithToken = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const maxTransitions = 10_000;

export async function stepDefinition(
  asl: AslDocument,
  input: Record<string, unknown>,
  world: StepperWorld,
): Promise<StepperRun> {
  let data: Record<string, unknown> = structuredClone(input);
  let name = asl.StartAt;
  const states: string[] = [];
  const waits: WaitRecord[] = [];
  for (let transitions = 0; transitions < maxTransitions; transitions++) {
    const state = asl.States[name];
    if (!state) throw new Error(`the definition has no state ${name}`);
    states.push(name);
    switch (state.Type) {
      case 'Succeed':
        return { status: 'succeeded', output: data, states, waits };
      case 'Fail':
        return {
          status: 'failed',
          output: data,
          states,
          waits,
          error: (data.error as { Error: string; Cause: string }) ?? { Error: 'States.Fail', Cause: '' },
        };
      case 'Choice':
        name = choose(state, data, name);
        continue;
      case 'Wait': {
        const seconds = state.SecondsPath !== undefined ? readPath(data, state.SecondsPath) : state.Seconds;
        if (typeof seconds !== 'number' || seconds < 0)
          throw new Error(`state ${name}: no wait time in ${state.SecondsPath}`);
        await world.sleepUntil(world.nowMs() + seconds * 1000);
        waits.push({ state: name, timeoutSeconds: seconds, timedOut: true });
        name = nextOf(state, name);
        continue;
      }
      case 'Task': {
        const outcome = await runTask(name, state, data, world, waits);
        if (outcome.ok) {
          data = applyResultPath(data, state.ResultPath, select(state.ResultSelector, outcome.result));
          name = nextOf(state, name);
        } else {
          const handler = state.Catch?.find(
            (c) => c.ErrorEquals.includes(outcome.error) || c.ErrorEquals.includes('States.ALL'),
          );
          if (!handler) {
            return {
              status: 'failed',
              output: data,
              states,
              waits,
              error: { Error: outcome.error, Cause: outcome.cause },
            };
          }
          data = applyResultPath(data, handler.ResultPath, { Error: outcome.error, Cause: outcome.cause });
          name = handler.Next;
        }
        continue;
      }
      default:
        throw new Error(`state ${name}: the stepper does not know states of type ${state.Type}`);
    }
  }
  throw new Error(`the execution did not end within ${maxTransitions} transitions`);
}

type TaskOutcome = { ok: true; result: unknown } | { ok: false; error: string; cause: string };

async function runTask(
  name: string,
  state: AslState,
  data: Record<string, unknown>,
  world: StepperWorld,
  waits: WaitRecord[],
): Promise<TaskOutcome> {
  const withToken = state.Resource === lambdaInvokeWithToken;
  if (!withToken && state.Resource !== lambdaInvoke) {
    throw new Error(`state ${name}: the stepper does not know resource ${state.Resource}`);
  }
  const token = withToken ? world.newTaskToken() : undefined;
  const parameters = build(state.Parameters ?? {}, data, token) as { Payload?: Record<string, unknown> };
  const payload = parameters.Payload ?? {};
  try {
    const result = await world.invokeTask(payload);
    if (!token) return { ok: true, result: { Payload: result } };
    const timeoutSeconds = timeoutOf(name, state, data);
    const output = await world.waitForToken(token, world.nowMs() + timeoutSeconds * 1000);
    waits.push({ state: name, timeoutSeconds, timedOut: output === undefined });
    if (output === undefined) return { ok: false, error: 'States.Timeout', cause: `${name} timed out` };
    return { ok: true, result: output };
  } catch (error) {
    if (error instanceof TaskFailed) return { ok: false, error: error.errorName, cause: error.message };
    const named = error as Error;
    return { ok: false, error: named.name || 'Error', cause: named.message };
  }
}

/** The wait's timeout, exactly as the definition states it: a fixed number or a path into the data. */
export function timeoutOf(name: string, state: AslState, data: Record<string, unknown>): number {
  if (state.TimeoutSecondsPath !== undefined) {
    const value = readPath(data, state.TimeoutSecondsPath);
    if (typeof value !== 'number' || !(value > 0)) {
      throw new Error(`state ${name}: ${state.TimeoutSecondsPath} is not a positive number (${String(value)})`);
    }
    return value;
  }
  if (state.TimeoutSeconds !== undefined) return state.TimeoutSeconds;
  throw new Error(`state ${name}: a wait without a timeout would wait forever`);
}

function choose(state: AslState, data: Record<string, unknown>, name: string): string {
  for (const rule of state.Choices ?? []) {
    if (rule.StringEquals === undefined) throw new Error(`state ${name}: only StringEquals choices are stepped`);
    if (readPath(data, rule.Variable) === rule.StringEquals) return rule.Next;
  }
  if (state.Default === undefined) throw new Error(`state ${name}: no choice matched and there is no default`);
  return state.Default;
}

function nextOf(state: AslState, name: string): string {
  if (state.Next) return state.Next;
  throw new Error(`state ${name} has no Next`);
}

/** `Parameters` / `ResultSelector`: keys ending in `.$` take the value at their path. */
function build(template: unknown, data: unknown, token: string | undefined): unknown {
  if (Array.isArray(template)) return template.map((item) => build(item, data, token));
  if (template === null || typeof template !== 'object') return template;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$')) {
      const path = value as string;
      out[key.slice(0, -2)] = path === '$$.Task.Token' ? required(token, path) : readPath(data, path);
    } else {
      out[key] = build(value, data, token);
    }
  }
  return out;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is only available in a .waitForTaskToken task`);
  return value;
}

function select(selector: Record<string, unknown> | undefined, result: unknown): unknown {
  return selector ? build(selector, result, undefined) : result;
}

function applyResultPath(
  data: Record<string, unknown>,
  resultPath: string | null | undefined,
  result: unknown,
): Record<string, unknown> {
  if (resultPath === null) return data;
  if (resultPath === undefined || resultPath === '$') return result as Record<string, unknown>;
  const keys = pathKeys(resultPath);
  const next = structuredClone(data);
  let cursor: Record<string, unknown> = next;
  for (const key of keys.slice(0, -1)) {
    const child = cursor[key];
    cursor[key] = child !== null && typeof child === 'object' ? child : {};
    cursor = cursor[key] as Record<string, unknown>;
  }
  cursor[keys.at(-1) as string] = result;
  return next;
}

function readPath(data: unknown, path: string): unknown {
  let cursor = data;
  for (const key of pathKeys(path)) {
    if (cursor === null || typeof cursor !== 'object') return undefined;
    cursor = (cursor as Record<string, unknown>)[key];
  }
  return cursor;
}

/** `$.a.b` → ['a', 'b']; only plain dotted paths are used by the definition. */
function pathKeys(path: string): string[] {
  if (path === '$') return [];
  if (!/^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(path)) throw new Error(`the stepper reads plain paths only, not ${path}`);
  return path.slice(2).split('.');
}
