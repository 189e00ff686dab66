import { type BusinessHoursSchedule, explain } from './business-hours';
import {
  type CallerId,
  type DialTarget,
  type FlowAction,
  type FlowEvent,
  type HangupReason,
  type LegOutcome,
  type PathStep,
} from './flow-actions';
import {
  DEFAULT_FORWARD_RING_TIMEOUT_SECONDS,
  exitTarget,
  type FlowDocument,
  type FlowNode,
  type ForwardNode,
  MAX_FLOW_NODES,
  type MenuNode,
  menuDigitExit,
  type Prompt,
  type RingNode,
  type RingTarget,
  scheduleExceptionExit,
  type ScheduleNode,
  type WebhookNode,
} from './flow-model';
import { validateWebhookActions } from './flow-validator';
import { parseInstant } from './zoned-time';

export interface Clock {
  now(): Date;
}

/** A clock stopped at one instant, for simulations and tests. */
export function fixedClock(at: Date): Clock {
  return { now: () => at };
}

export type TargetAvailability = 'available' | 'busy' | 'offline';

export interface ExecutionContext {
  readonly callId: string;
  readonly accountId: string;
  /** The caller's number. */
  readonly from: string;
  /** The number the caller dialled. */
  readonly to: string;
  readonly schedules?: Readonly<Record<string, BusinessHoursSchedule>>;
  /** By user or device id. Targets not listed count as available; teams are always rung. */
  readonly availability?: Readonly<Record<string, TargetAvailability>>;
  /** Round-robin ring node id to the index of the target to ring first, as results return it. */
  readonly roundRobinMemory?: Readonly<Record<string, number>>;
  /** Target id to the ISO instant since which it has been idle; unknown targets ring last. */
  readonly idleSince?: Readonly<Record<string, string>>;
  /** Extension number to what it rings, for direct dial at menus. */
  readonly extensions?: Readonly<Record<string, RingTarget>>;
}

/** The event the executor waits for, at which node. */
export type AwaitedInput =
  | { readonly kind: 'gather'; readonly nodeId: string }
  | { readonly kind: 'playback'; readonly nodeId: string }
  | {
      readonly kind: 'leg';
      readonly nodeId: string;
      readonly legId: string;
      /** Targets still to ring one at a time if this leg is not answered. */
      readonly remainingTargets: readonly RingTarget[];
      /** Whether every target tried or skipped so far was busy, which picks `busy` over `no_answer`. */
      readonly everyTargetBusy: boolean;
    }
  | { readonly kind: 'webhook'; readonly nodeId: string }
  | { readonly kind: 'queue'; readonly nodeId: string }
  | { readonly kind: 'voicemail'; readonly nodeId: string };

type AwaitedLeg = Extract<AwaitedInput, { readonly kind: 'leg' }>;

/** Everything needed to carry on with a call; plain JSON, so it can be stored between events. */
export interface ExecutionState {
  readonly flow: FlowDocument;
  readonly context: ExecutionContext;
  readonly finished: boolean;
  readonly endReason?: HangupReason | 'caller_hangup';
  /** Null once finished, set otherwise. */
  readonly awaiting: AwaitedInput | null;
  readonly answered: boolean;
  readonly tags: readonly string[];
  readonly callerIdName?: string;
  readonly dialledExtension?: { readonly extension: string; readonly target: RingTarget };
  /** Failed attempts per menu since the caller last chose something valid at any menu. */
  readonly menuFailures: Readonly<Record<string, number>>;
  readonly roundRobinMemory: Readonly<Record<string, number>>;
  readonly legCount: number;
}

export interface ExecutionResult {
  readonly state: ExecutionState;
  readonly actions: readonly FlowAction[];
  readonly path: readonly PathStep[];
  readonly finished: boolean;
  /** For each round-robin node rung in this step, the index to start from next time: persist it. */
  readonly roundRobinMemory?: Readonly<Record<string, number>>;
}

/**
 * Nodes one advance may enter without waiting for an event. A valid flow has no loop without a menu and a
 * menu always waits, so no advance of a valid flow enters a node twice; more steps mean a bug.
 */
export const MAX_AUTOMATIC_STEPS = MAX_FLOW_NODES;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The work of one start or advance: a private copy of the state and what was done to it. */
interface Run {
  readonly state: Mutable<ExecutionState>;
  readonly clock: Clock;
  readonly actions: FlowAction[];
  readonly path: PathStep[];
  automaticSteps: number;
  roundRobinMemory?: Record<string, number>;
}

/** Starts a call at the flow's start node. The flow is expected to have passed `validateFlow`. */
export function startExecution(flow: FlowDocument, context: ExecutionContext, clock: Clock): ExecutionResult {
  const run = beginRun(
    {
      flow,
      context,
      finished: false,
      awaiting: null,
      answered: false,
      tags: [],
      menuFailures: {},
      roundRobinMemory: { ...context.roundRobinMemory },
      legCount: 0,
    },
    clock,
  );
  enterNode(run, flow.startNodeId);
  return resultOf(run);
}

/**
 * Feeds one event to a call. An event the call is not waiting for (a late leg result, keys during a
 * prompt, anything after the end) changes nothing and returns no actions.
 */
export function advance(state: ExecutionState, event: FlowEvent, clock: Clock): ExecutionResult {
  const node = state.awaiting && findNode(state.flow, state.awaiting.nodeId);
  const handler =
    state.awaiting && node && !state.finished ? handlerFor(node, state.awaiting, event) : undefined;
  if (!handler) return { state, actions: [], path: [], finished: state.finished };
  const run = beginRun(state, clock);
  handler(run);
  return resultOf(run);
}

function beginRun(state: ExecutionState, clock: Clock): Run {
  return { state: { ...state }, clock, actions: [], path: [], automaticSteps: 0 };
}

function resultOf({ state, actions, path, roundRobinMemory }: Run): ExecutionResult {
  const result = { state, actions, path, finished: state.finished };
  return roundRobinMemory ? { ...result, roundRobinMemory } : result;
}

function findNode(flow: FlowDocument, nodeId: string): FlowNode | undefined {
  return flow.nodes.find((node) => node.id === nodeId);
}

function handlerFor(
  node: FlowNode,
  awaiting: AwaitedInput,
  event: FlowEvent,
): ((run: Run) => void) | undefined {
  if (event.type === 'caller_hangup') {
    return (run) => {
      recordStep(run, node, null);
      finish(run, 'caller_hangup');
    };
  }
  switch (node.kind) {
    case 'menu':
      if (event.type === 'digits') return (run) => onDigits(run, node, event.digits);
      return event.type === 'gather_timeout' ? (run) => onMenuFailure(run, node, 'timeout') : undefined;
    case 'play':
      return event.type === 'play_finished' ? (run) => takeExit(run, node, 'next') : undefined;
    case 'ring':
    case 'forward':
      // A result naming another leg is a late one from a target rung earlier.
      if (event.type !== 'leg_result' || awaiting.kind !== 'leg') return undefined;
      if (event.legId !== undefined && event.legId !== awaiting.legId) return undefined;
      return node.kind === 'ring'
        ? (run) => onRingOutcome(run, node, awaiting, event.outcome)
        : (run) => onForwardOutcome(run, node, event.outcome);
    case 'webhook':
      if (event.type === 'webhook_response') return (run) => onWebhookResponse(run, node, event.actions);
      return event.type === 'webhook_error' ? (run) => takeExit(run, node, 'fallback') : undefined;
    case 'queue':
      if (event.type !== 'queue_result') return undefined;
      return (run) => {
        if (event.outcome === 'answered') run.state.answered = true;
        takeExit(run, node, event.outcome);
      };
    case 'voicemail':
      return event.type === 'voicemail_finished' ? (run) => takeExit(run, node, 'done') : undefined;
    case 'schedule':
    case 'set':
    case 'hangup':
      return undefined;
  }
}

function enterNode(run: Run, nodeId: string): void {
  run.automaticSteps += 1;
  if (run.automaticSteps > MAX_AUTOMATIC_STEPS) return endCall(run, 'step_limit');
  const node = findNode(run.state.flow, nodeId);
  if (!node) return endCall(run, 'invalid_flow');
  switch (node.kind) {
    case 'schedule':
      return enterSchedule(run, node);
    case 'menu':
      return enterMenu(run, node);
    case 'play':
      answerIfNeeded(run);
      run.actions.push({ type: 'play', prompt: node.prompt });
      return awaitInput(run, { kind: 'playback', nodeId: node.id });
    case 'ring':
      // Nothing has been tried yet, so "every target busy so far" holds.
      return ringNext(run, node, orderTargets(run, node), true);
    case 'forward':
      return dial(run, node, [{ type: 'external', address: node.destination }], {
        strategy: 'simultaneous',
        timeoutSeconds: node.ringTimeoutSeconds ?? DEFAULT_FORWARD_RING_TIMEOUT_SECONDS,
        callerIdNumber: forwardCallerIdNumber(run.state, node),
        remainingTargets: [],
        everyTargetBusy: false,
      });
    case 'voicemail':
      answerIfNeeded(run);
      run.actions.push({
        type: 'record_voicemail',
        boxId: node.boxId,
        ...(node.greeting ? { greeting: node.greeting } : {}),
        beep: true,
      });
      return awaitInput(run, { kind: 'voicemail', nodeId: node.id });
    case 'queue':
      answerIfNeeded(run);
      run.actions.push({
        type: 'enqueue',
        ...(node.queueName === undefined ? {} : { queueName: node.queueName }),
        ...(node.targets ? { targets: node.targets } : {}),
        ...(node.holdMusic ? { holdMusic: node.holdMusic } : {}),
        announcePosition: node.announcePosition,
        maxWaitSeconds: node.maxWaitSeconds,
        callerId: callerId(run.state, run.state.context.from),
      });
      return awaitInput(run, { kind: 'queue', nodeId: node.id });
    case 'webhook':
      return enterWebhook(run, node);
    case 'set':
      applyTags(run, node.tags ?? [], node.callerIdName);
      return takeExit(run, node, 'next');
    case 'hangup':
      recordStep(run, node, null);
      return endCall(run, 'hangup_node');
  }
}

function takeExit(
  run: Run,
  node: FlowNode,
  exit: string,
  details: Pick<PathStep, 'digits' | 'extension'> = {},
): void {
  recordStep(run, node, exit, details);
  run.state.awaiting = null;
  const target = exitTarget(node, exit);
  if (target === null) endCall(run, 'end_of_flow');
  else enterNode(run, target);
}

function recordStep(
  run: Run,
  node: FlowNode,
  exit: string | null,
  details: Pick<PathStep, 'digits' | 'extension'> = {},
): void {
  run.path.push({ nodeId: node.id, kind: node.kind, exit, at: run.clock.now().toISOString(), ...details });
}

function awaitInput(run: Run, awaiting: AwaitedInput): void {
  run.state.awaiting = awaiting;
}

function endCall(run: Run, reason: HangupReason): void {
  run.actions.push({ type: 'hangup', reason });
  finish(run, reason);
}

function finish(run: Run, reason: HangupReason | 'caller_hangup'): void {
  run.state.finished = true;
  run.state.endReason = reason;
  run.state.awaiting = null;
}

/** The call is answered only once a node needs media; until then the caller hears ringing. */
function answerIfNeeded(run: Run): void {
  if (run.state.answered) return;
  run.actions.push({ type: 'answer' });
  run.state.answered = true;
}

function applyTags(run: Run, tags: readonly string[], callerIdName: string | undefined): void {
  run.actions.push({ type: 'tag', tags, ...(callerIdName === undefined ? {} : { callerIdName }) });
  run.state.tags = [...new Set([...run.state.tags, ...tags])];
  if (callerIdName !== undefined) run.state.callerIdName = callerIdName;
}

function callerId(state: ExecutionState, number: string): CallerId {
  return state.callerIdName === undefined ? { number } : { number, name: state.callerIdName };
}

/** A keyed exception's exit, when the node has one, takes precedence over `open` and `closed`. */
function enterSchedule(run: Run, node: ScheduleNode): void {
  const schedule = run.state.context.schedules?.[node.scheduleId];
  // A schedule that cannot be found is treated as closed, the safer branch for most flows.
  if (!schedule) return takeExit(run, node, 'closed');
  const explanation = explain(schedule, run.clock.now());
  const destinationKey = explanation.exception?.destinationKey;
  const exceptionExit = destinationKey === undefined ? undefined : scheduleExceptionExit(destinationKey);
  if (exceptionExit !== undefined && Object.hasOwn(node.exits, exceptionExit))
    return takeExit(run, node, exceptionExit);
  takeExit(run, node, explanation.open ? 'open' : 'closed');
}

function enterMenu(run: Run, node: MenuNode): void {
  // Coming back to a menu whose attempts are used up, without a valid key since, would loop forever.
  if ((run.state.menuFailures[node.id] ?? 0) > node.maxRetries) return endCall(run, 'menu_retries_exhausted');
  answerIfNeeded(run);
  gather(run, node);
}

function gather(run: Run, node: MenuNode, leadIn?: Prompt): void {
  if (leadIn) run.actions.push({ type: 'play', prompt: leadIn });
  // '#' ends an extension early, unless the menu gives it a meaning of its own.
  const usesHash = Object.hasOwn(node.options, '#') || node.repeatKey === '#';
  run.actions.push({
    type: 'gather',
    prompt: node.prompt,
    timeoutSeconds: node.timeoutSeconds,
    interDigitTimeoutSeconds: node.interDigitTimeoutSeconds,
    maxDigits: node.directDial ? node.maxDigits : 1,
    ...(node.directDial && !usesHash ? { finishOnKey: '#' } : {}),
  });
  awaitInput(run, { kind: 'gather', nodeId: node.id });
}

function onDigits(run: Run, node: MenuNode, digits: string): void {
  if (digits === '') return onMenuFailure(run, node, 'timeout');
  if (digits === node.repeatKey) return gather(run, node);
  if (Object.hasOwn(node.options, digits)) {
    run.state.menuFailures = {};
    return takeExit(run, node, menuDigitExit(digits), { digits });
  }
  const target = node.directDial && digits.length > 1 ? run.state.context.extensions?.[digits] : undefined;
  if (!target) return onMenuFailure(run, node, 'invalid');
  run.state.menuFailures = {};
  run.state.dialledExtension = { extension: digits, target };
  takeExit(run, node, 'extension', { digits, extension: digits });
}

/** Timeouts and invalid keys share one count; past `maxRetries` the menu leaves by the failure's exit. */
function onMenuFailure(run: Run, node: MenuNode, failure: 'timeout' | 'invalid'): void {
  const failures = (run.state.menuFailures[node.id] ?? 0) + 1;
  run.state.menuFailures = { ...run.state.menuFailures, [node.id]: failures };
  if (failures > node.maxRetries) return takeExit(run, node, failure);
  gather(run, node, failure === 'timeout' ? node.timeoutPrompt : node.invalidPrompt);
}

function orderTargets(run: Run, node: RingNode): readonly RingTarget[] {
  switch (node.strategy) {
    case 'simultaneous':
    case 'sequential':
      return node.targets;
    case 'round_robin': {
      const count = node.targets.length;
      // The remembered index may predate a change to the targets, so it is wrapped into range.
      const first = (((run.state.roundRobinMemory[node.id] ?? 0) % count) + count) % count;
      const next = (first + 1) % count;
      run.state.roundRobinMemory = { ...run.state.roundRobinMemory, [node.id]: next };
      run.roundRobinMemory = { ...run.roundRobinMemory, [node.id]: next };
      return [...node.targets.slice(first), ...node.targets.slice(0, first)];
    }
    case 'longest_idle': {
      const idleSince = (target: RingTarget): number => {
        const since = run.state.context.idleSince?.[target.id];
        return (since === undefined ? null : parseInstant(since)) ?? Number.POSITIVE_INFINITY;
      };
      // Sorting is stable, so targets idle equally long (or of unknown idleness) keep their configured order.
      return node.targets
        .map((target) => ({ target, since: idleSince(target) }))
        .sort((a, b) => (a.since === b.since ? 0 : a.since < b.since ? -1 : 1))
        .map(({ target }) => target);
    }
  }
}

function availabilityOf(state: ExecutionState, target: RingTarget): TargetAvailability {
  return target.type === 'team' ? 'available' : (state.context.availability?.[target.id] ?? 'available');
}

/**
 * Rings the next candidates: all available ones at once for the simultaneous strategy, otherwise the first
 * available one. Busy and offline targets are skipped; with none left the node leaves by `busy` if every
 * target was busy, else by `no_answer`.
 */
function ringNext(
  run: Run,
  node: RingNode,
  candidates: readonly RingTarget[],
  everyTargetBusy: boolean,
): void {
  const availability = candidates.map((target) => availabilityOf(run.state, target));
  const firstAvailable = availability.indexOf('available');
  if (firstAvailable === -1) {
    const allBusy = everyTargetBusy && availability.every((state) => state === 'busy');
    return takeExit(run, node, allBusy ? 'busy' : 'no_answer');
  }
  const simultaneous = node.strategy === 'simultaneous';
  const isDialled = (index: number): boolean =>
    simultaneous ? availability[index] === 'available' : index === firstAvailable;
  const skipped = availability.filter(
    (state, index) => state !== 'available' && (simultaneous || index < firstAvailable),
  );
  const number = node.callerIdDisplay === 'number' ? run.state.context.to : run.state.context.from;
  dial(
    run,
    node,
    candidates.filter((_, index) => isDialled(index)),
    {
      strategy: node.strategy,
      timeoutSeconds: node.ringTimeoutSeconds,
      callerIdNumber: number,
      remainingTargets: simultaneous ? [] : candidates.slice(firstAvailable + 1),
      everyTargetBusy: everyTargetBusy && skipped.every((state) => state === 'busy'),
    },
  );
}

function onRingOutcome(run: Run, node: RingNode, awaiting: AwaitedLeg, outcome: LegOutcome): void {
  if (outcome === 'answered') {
    run.state.answered = true;
    return takeExit(run, node, 'answered');
  }
  ringNext(run, node, awaiting.remainingTargets, awaiting.everyTargetBusy && outcome === 'busy');
}

function forwardCallerIdNumber(state: ExecutionState, node: ForwardNode): string {
  switch (node.callerIdPolicy) {
    case 'caller':
      return state.context.from;
    case 'number':
      return state.context.to;
    case 'fixed':
      // Validation requires fixedCallerId with this policy.
      return node.fixedCallerId ?? state.context.to;
  }
}

function onForwardOutcome(run: Run, node: ForwardNode, outcome: LegOutcome): void {
  if (outcome === 'answered') run.state.answered = true;
  takeExit(run, node, outcome === 'answered' ? 'answered' : 'failed');
}

interface DialPlan {
  readonly strategy: RingNode['strategy'];
  readonly timeoutSeconds: number;
  readonly callerIdNumber: string;
  readonly remainingTargets: readonly RingTarget[];
  readonly everyTargetBusy: boolean;
}

function dial(run: Run, node: RingNode | ForwardNode, targets: readonly DialTarget[], plan: DialPlan): void {
  run.state.legCount += 1;
  const legId = `${run.state.context.callId}:leg:${run.state.legCount}`;
  run.actions.push({
    type: 'dial',
    legId,
    targets,
    strategy: plan.strategy,
    timeoutSeconds: plan.timeoutSeconds,
    callerId: callerId(run.state, plan.callerIdNumber),
  });
  awaitInput(run, {
    kind: 'leg',
    nodeId: node.id,
    legId,
    remainingTargets: plan.remainingTargets,
    everyTargetBusy: plan.everyTargetBusy,
  });
}

function enterWebhook(run: Run, node: WebhookNode): void {
  const { context, tags, callerIdName, dialledExtension } = run.state;
  run.actions.push({
    type: 'http_request',
    url: node.url,
    method: node.method,
    timeoutSeconds: node.timeoutSeconds,
    body: {
      callId: context.callId,
      accountId: context.accountId,
      from: context.from,
      to: context.to,
      nodeId: node.id,
      tags,
      ...(callerIdName === undefined ? {} : { callerIdName }),
      ...(dialledExtension ? { dialledExtension: dialledExtension.extension } : {}),
    },
  });
  awaitInput(run, { kind: 'webhook', nodeId: node.id });
}

/** Carries out the returned actions then leaves by `next`; anything invalid leaves by `fallback` instead. */
function onWebhookResponse(run: Run, node: WebhookNode, actions: unknown): void {
  const validation = validateWebhookActions(actions);
  if (!validation.valid) return takeExit(run, node, 'fallback');
  for (const action of validation.actions) {
    switch (action.type) {
      case 'answer':
        answerIfNeeded(run);
        break;
      case 'play':
        answerIfNeeded(run);
        run.actions.push({ type: 'play', prompt: action.prompt });
        break;
      case 'tag':
        applyTags(run, action.tags ?? [], action.callerIdName);
        break;
      case 'hangup':
        recordStep(run, node, null);
        return endCall(run, 'webhook');
    }
  }
  takeExit(run, node, 'next');
}
