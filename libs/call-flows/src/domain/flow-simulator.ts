import { type FlowAction, type FlowEvent, type PathStep } from './flow-actions';
import {
  advance,
  type ExecutionContext,
  type ExecutionResult,
  fixedClock,
  startExecution,
} from './flow-executor';
import { type FlowDocument } from './flow-model';

export interface SimulationOptions extends Partial<Omit<ExecutionContext, 'from' | 'to'>> {
  /** The instant the simulated call takes place at; the clock stays there throughout. */
  readonly at: Date;
  readonly from: string;
  readonly to: string;
  /** Fed one after the other; those left once the call has finished are not used. */
  readonly events: readonly FlowEvent[];
}

export interface SimulationStep {
  /** Null for the start of the call. */
  readonly event: FlowEvent | null;
  readonly actions: readonly FlowAction[];
  readonly path: readonly PathStep[];
  readonly finished: boolean;
  readonly roundRobinMemory?: Readonly<Record<string, number>>;
}

/** Runs a call through a flow without side effects and reports what happened at each step. */
export function simulateFlow(
  flow: FlowDocument,
  { at, events, callId = 'simulated-call', accountId = 'simulated-account', ...context }: SimulationOptions,
): SimulationStep[] {
  const clock = fixedClock(at);
  let result = startExecution(flow, { callId, accountId, ...context }, clock);
  const steps = [stepOf(null, result)];
  for (const event of events) {
    if (result.finished) break;
    result = advance(result.state, event, clock);
    steps.push(stepOf(event, result));
  }
  return steps;
}

function stepOf(
  event: FlowEvent | null,
  { actions, path, finished, roundRobinMemory }: ExecutionResult,
): SimulationStep {
  return { event, actions, path, finished, ...(roundRobinMemory ? { roundRobinMemory } : {}) };
}
