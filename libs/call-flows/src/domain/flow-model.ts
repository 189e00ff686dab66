import { DESTINATION_KEY_PATTERN } from './business-hours-json-schema';

/**
 * A call flow is a graph of nodes. Each node names the node each of its exits leads to; an exit set to
 * null, or an optional exit left out, ends the call there.
 */
export interface FlowDocument {
  readonly startNodeId: string;
  readonly nodes: readonly FlowNode[];
}

export const FLOW_NODE_KINDS = [
  'schedule',
  'menu',
  'play',
  'ring',
  'forward',
  'voicemail',
  'queue',
  'webhook',
  'set',
  'hangup',
] as const;
export type FlowNodeKind = (typeof FLOW_NODE_KINDS)[number];

/** Exit name to the id of the next node, or null to end the call. */
export type FlowExits = Readonly<Record<string, string | null>>;

interface FlowNodeBase<K extends FlowNodeKind> {
  readonly id: string;
  readonly kind: K;
  readonly name?: string;
  readonly exits: FlowExits;
}

export interface TtsPrompt {
  readonly type: 'tts';
  readonly text: string;
  readonly voice?: string;
  /** BCP 47 tag such as 'en-US'. */
  readonly language?: string;
}

export interface AudioPrompt {
  readonly type: 'audio';
  readonly audioId: string;
}

export type Prompt = TtsPrompt | AudioPrompt;

export const RING_TARGET_TYPES = ['user', 'team', 'device'] as const;
export type RingTargetType = (typeof RING_TARGET_TYPES)[number];

export interface RingTarget {
  readonly type: RingTargetType;
  readonly id: string;
}

export const RING_STRATEGIES = ['simultaneous', 'sequential', 'round_robin', 'longest_idle'] as const;
export type RingStrategy = (typeof RING_STRATEGIES)[number];

/** Branches on a business-hours schedule: `open`, `closed`, or `exception:<key>` for a keyed exception. */
export interface ScheduleNode extends FlowNodeBase<'schedule'> {
  readonly scheduleId: string;
}

/** Plays a prompt and collects keys; each option key leaves through its `digit:<key>` exit. */
export interface MenuNode extends FlowNodeBase<'menu'> {
  readonly prompt: Prompt;
  readonly timeoutSeconds: number;
  readonly interDigitTimeoutSeconds: number;
  /** Longest extension a caller may key when `directDial` is on. */
  readonly maxDigits: number;
  /** Further attempts after the first failed one (timeout or invalid key, counted together). */
  readonly maxRetries: number;
  readonly invalidPrompt?: Prompt;
  readonly timeoutPrompt?: Prompt;
  /** Key that plays the menu again without counting as an attempt. */
  readonly repeatKey?: string;
  /** Option key ('0'-'9', '*', '#') to a label for editors and explanations. */
  readonly options: Readonly<Record<string, string>>;
  /** Lets callers key an extension, leaving through the `extension` exit. */
  readonly directDial: boolean;
}

export interface PlayNode extends FlowNodeBase<'play'> {
  readonly prompt: Prompt;
}

export interface RingNode extends FlowNodeBase<'ring'> {
  readonly targets: readonly RingTarget[];
  readonly strategy: RingStrategy;
  /** For one-at-a-time strategies, how long each target rings. */
  readonly ringTimeoutSeconds: number;
  /** Whom the called party sees: the caller's number (default) or the number the caller dialled. */
  readonly callerIdDisplay?: 'caller' | 'number';
}

export interface ForwardNode extends FlowNodeBase<'forward'> {
  /** E.164 number or sip:/sips: URI. */
  readonly destination: string;
  /** Caller id presented: the caller's, the number the caller dialled, or `fixedCallerId`. */
  readonly callerIdPolicy: 'caller' | 'number' | 'fixed';
  readonly fixedCallerId?: string;
  /** Defaults to DEFAULT_FORWARD_RING_TIMEOUT_SECONDS. */
  readonly ringTimeoutSeconds?: number;
}

export interface VoicemailNode extends FlowNodeBase<'voicemail'> {
  readonly boxId: string;
  readonly greeting?: Prompt;
}

/** Waits in a named queue, or in an ad-hoc queue served by `targets`; exactly one of the two. */
export interface QueueNode extends FlowNodeBase<'queue'> {
  readonly queueName?: string;
  readonly targets?: readonly RingTarget[];
  readonly holdMusic?: Prompt;
  readonly announcePosition: boolean;
  readonly maxWaitSeconds: number;
}

/** Asks an HTTP endpoint for actions; see `WebhookAction` for what it may answer. */
export interface WebhookNode extends FlowNodeBase<'webhook'> {
  readonly url: string;
  readonly timeoutSeconds: number;
  readonly method: 'POST';
}

export interface SetNode extends FlowNodeBase<'set'> {
  readonly tags?: readonly string[];
  readonly callerIdName?: string;
}

export type HangupNode = FlowNodeBase<'hangup'>;

export type FlowNode =
  | ScheduleNode
  | MenuNode
  | PlayNode
  | RingNode
  | ForwardNode
  | VoicemailNode
  | QueueNode
  | WebhookNode
  | SetNode
  | HangupNode;

export const MAX_FLOW_NODES = 200;
/** Limit on the UTF-8 size of a flow serialized as JSON. */
export const MAX_FLOW_BYTES = 256 * 1024;
export const DEFAULT_FORWARD_RING_TIMEOUT_SECONDS = 60;

export const DTMF_KEY_PATTERN = '[0-9*#]';
export const MENU_DIGIT_EXIT_PREFIX = 'digit:';
export const SCHEDULE_EXCEPTION_EXIT_PREFIX = 'exception:';

export const menuDigitExit = (key: string): string => `${MENU_DIGIT_EXIT_PREFIX}${key}`;
export const scheduleExceptionExit = (destinationKey: string): string =>
  `${SCHEDULE_EXCEPTION_EXIT_PREFIX}${destinationKey}`;

export interface ExitRule {
  /** Exits every node of the kind must list (null allowed), so that no failure path is forgotten. */
  readonly required: readonly string[];
  /** Exits that may be left out; a missing one ends the call like null. */
  readonly optional: readonly string[];
  /** Source of a pattern for exit names derived from the node's configuration. */
  readonly pattern?: string;
}

/**
 * Exits by node kind. `answered` exits are optional: a connected call usually just ends when the
 * conversation does. Menus additionally require `digit:<key>` for each option, and `extension` when
 * `directDial` is on (see `requiredExits`).
 */
export const FLOW_EXIT_RULES: Readonly<Record<FlowNodeKind, ExitRule>> = {
  schedule: {
    required: ['open', 'closed'],
    optional: [],
    pattern: `${SCHEDULE_EXCEPTION_EXIT_PREFIX}${DESTINATION_KEY_PATTERN}`,
  },
  menu: {
    required: ['timeout', 'invalid'],
    optional: ['extension'],
    pattern: `${MENU_DIGIT_EXIT_PREFIX}${DTMF_KEY_PATTERN}`,
  },
  play: { required: ['next'], optional: [] },
  ring: { required: ['no_answer', 'busy'], optional: ['answered'] },
  forward: { required: ['failed'], optional: ['answered'] },
  voicemail: { required: [], optional: ['done'] },
  queue: { required: ['overflow'], optional: ['answered'] },
  webhook: { required: ['next', 'fallback'], optional: [] },
  set: { required: ['next'], optional: [] },
  hangup: { required: [], optional: [] },
};

export function requiredExits(node: FlowNode): string[] {
  const { required } = FLOW_EXIT_RULES[node.kind];
  if (node.kind !== 'menu') return [...required];
  return [
    ...Object.keys(node.options).map(menuDigitExit),
    ...required,
    ...(node.directDial ? ['extension'] : []),
  ];
}

export function isExitAllowed(node: FlowNode, exit: string): boolean {
  if (node.kind === 'menu') return requiredExits(node).includes(exit);
  const { required, optional, pattern } = FLOW_EXIT_RULES[node.kind];
  return (
    required.includes(exit) ||
    optional.includes(exit) ||
    (pattern !== undefined && new RegExp(`^${pattern}$`).test(exit))
  );
}

/** The node an exit leads to; an exit that is absent ends the call just like null. */
export function exitTarget(node: FlowNode, exit: string): string | null {
  return Object.hasOwn(node.exits, exit) ? (node.exits[exit] ?? null) : null;
}
