import { type FlowEvent, type WebhookAction } from './flow-actions';
import { flowEventJsonSchema } from './flow-event-json-schema';
import {
  flowDocumentJsonSchema,
  flowNodeConfigJsonSchemas,
  webhookResponseJsonSchema,
} from './flow-json-schema';
import {
  FLOW_NODE_KINDS,
  type FlowDocument,
  type FlowNode,
  type FlowNodeKind,
  isExitAllowed,
  MAX_FLOW_BYTES,
  MAX_FLOW_NODES,
  type Prompt,
  requiredExits,
  type RingTarget,
} from './flow-model';
import {
  isPlainObject,
  type JsonPath,
  type JsonSchemaObject,
  type SchemaViolation,
  toJsonPointer,
  validateAgainstSchema,
} from './json-schema-validator';

export type FlowValidationErrorCode =
  /** The document itself is not `{ startNodeId, nodes }`. */
  | 'invalid_document'
  | 'too_large'
  | 'too_many_nodes'
  | 'unknown_node_kind'
  | 'invalid_node_config'
  | 'duplicate_node_id'
  | 'missing_start_node'
  | 'unknown_exit'
  | 'dangling_exit'
  | 'missing_exit'
  | 'unreachable_node'
  | 'unbounded_loop'
  | 'unknown_reference';

export interface FlowValidationError {
  readonly code: FlowValidationErrorCode;
  readonly nodeId?: string;
  /** JSON Pointer into the flow document. */
  readonly path: string;
  readonly message: string;
}

export type FlowValidationResult =
  | { readonly valid: true; readonly flow: FlowDocument }
  | { readonly valid: false; readonly errors: readonly FlowValidationError[] };

/** Ids that exist in the flow's account, by type; a type left out is not checked. */
export interface FlowReferences {
  readonly users?: ReadonlySet<string>;
  readonly teams?: ReadonlySet<string>;
  readonly devices?: ReadonlySet<string>;
  readonly voicemailBoxes?: ReadonlySet<string>;
  readonly schedules?: ReadonlySet<string>;
  readonly audio?: ReadonlySet<string>;
  readonly queues?: ReadonlySet<string>;
}

export type FlowReferenceType = keyof FlowReferences;

const REFERENCE_NOUNS: Record<FlowReferenceType, string> = {
  users: 'user',
  teams: 'team',
  devices: 'device',
  voicemailBoxes: 'voicemail box',
  schedules: 'schedule',
  audio: 'audio file',
  queues: 'queue',
};

const RING_TARGET_REFERENCES: Record<RingTarget['type'], FlowReferenceType> = {
  user: 'users',
  team: 'teams',
  device: 'devices',
};

interface Reference {
  readonly type: FlowReferenceType;
  readonly id: string;
  readonly path: JsonPath;
}

/** A node as far as the graph checks need it, whatever else is wrong with it. */
interface GraphVertex {
  readonly id: string;
  readonly index: number;
  readonly kind: unknown;
  readonly targets: readonly string[];
}

const documentShapeSchema: JsonSchemaObject = {
  type: 'object',
  properties: { startNodeId: { type: 'string' }, nodes: { type: 'array' } },
  required: ['startNodeId', 'nodes'],
  additionalProperties: false,
};

/**
 * Checks a flow received from outside. Size limits come first: a flow over a limit is not analysed further.
 *
 * Loops: a loop is accepted only if it passes through a menu. A menu either waits for the caller's keys or
 * uses up its attempts (`maxRetries`), and the executor ends the call when a menu is re-entered with its
 * attempts used up and no valid key pressed since, so such a loop cannot repeat on its own. Any other loop
 * (play → set → play, ring no_answer → ring, webhook → webhook) is `unbounded_loop`: webhook responses come
 * from a remote system, not from the caller, so they do not bound a loop either.
 */
export function validateFlow(input: unknown, references: FlowReferences = {}): FlowValidationResult {
  const size = new TextEncoder().encode(JSON.stringify(input) ?? '').length;
  if (size > MAX_FLOW_BYTES) {
    return invalid([
      { code: 'too_large', path: '', message: `is ${size} bytes of JSON; the limit is ${MAX_FLOW_BYTES}` },
    ]);
  }
  const shapeErrors = validateAgainstSchema(input, documentShapeSchema, flowDocumentJsonSchema);
  if (shapeErrors.length > 0) {
    return invalid(shapeErrors.map((error) => ({ code: 'invalid_document', ...error })));
  }
  const document = input as { readonly startNodeId: string; readonly nodes: readonly unknown[] };
  if (document.nodes.length > MAX_FLOW_NODES) {
    const message = `has ${document.nodes.length} nodes; the limit is ${MAX_FLOW_NODES}`;
    return invalid([{ code: 'too_many_nodes', path: '/nodes', message }]);
  }

  const errors: FlowValidationError[] = [];
  const vertices = collectVertices(document.nodes, errors);
  document.nodes.forEach((node, index) => errors.push(...nodeErrors(node, index, vertices, references)));
  if (!vertices.has(document.startNodeId)) {
    errors.push({
      code: 'missing_start_node',
      path: '/startNodeId',
      message: `"${document.startNodeId}" is not the id of any node`,
    });
  } else {
    errors.push(...unreachableErrors(document.startNodeId, vertices));
  }
  errors.push(...unboundedLoopErrors(vertices));
  return errors.length === 0 ? { valid: true, flow: input as FlowDocument } : invalid(errors);
}

/**
 * The ids a flow refers to, by type, from every node whose configuration is well-formed, so that a caller can
 * find out which of them exist before `validateFlow` checks them.
 */
export function referencedIds(input: unknown): Readonly<Record<FlowReferenceType, readonly string[]>> {
  const found: Record<FlowReferenceType, Set<string>> = {
    users: new Set(),
    teams: new Set(),
    devices: new Set(),
    voicemailBoxes: new Set(),
    schedules: new Set(),
    audio: new Set(),
    queues: new Set(),
  };
  const nodes = isPlainObject(input) && Array.isArray(input['nodes']) ? input['nodes'] : [];
  for (const node of nodes) {
    if (!isPlainObject(node) || !isNodeKind(node['kind'])) continue;
    const { exits: _exits, ...config } = node;
    const schema = flowNodeConfigJsonSchemas[node['kind']];
    if (validateAgainstSchema(config, schema, flowDocumentJsonSchema).length > 0) continue;
    for (const reference of referencesOf(node as unknown as FlowNode))
      found[reference.type].add(reference.id);
  }
  return {
    users: [...found.users],
    teams: [...found.teams],
    devices: [...found.devices],
    voicemailBoxes: [...found.voicemailBoxes],
    schedules: [...found.schedules],
    audio: [...found.audio],
    queues: [...found.queues],
  };
}

/** Checks the `actions` of a webhook response; `hangup` may only come last. */
export function validateWebhookActions(
  actions: unknown,
):
  | { readonly valid: true; readonly actions: readonly WebhookAction[] }
  | { readonly valid: false; readonly errors: readonly SchemaViolation[] } {
  const errors = validateAgainstSchema({ actions }, webhookResponseJsonSchema, webhookResponseJsonSchema);
  if (errors.length > 0) return { valid: false, errors };
  const valid = actions as readonly WebhookAction[];
  const hangup = valid.findIndex((action) => action.type === 'hangup');
  if (hangup !== -1 && hangup < valid.length - 1) {
    return { valid: false, errors: [{ path: `/actions/${hangup}`, message: 'must be the last action' }] };
  }
  return { valid: true, actions: valid };
}

/** Most events one simulation may feed; a real call's steps are far fewer. */
export const MAX_SIMULATION_EVENTS = 200;

/** Checks events received from outside, such as a simulation's; paths start at `/events`. */
export function validateFlowEvents(
  events: unknown,
):
  | { readonly valid: true; readonly events: readonly FlowEvent[] }
  | { readonly valid: false; readonly errors: readonly SchemaViolation[] } {
  const errors = validateAgainstSchema(
    events,
    { type: 'array', maxItems: MAX_SIMULATION_EVENTS, items: flowEventJsonSchema },
    flowEventJsonSchema,
    ['events'],
  );
  return errors.length === 0
    ? { valid: true, events: events as readonly FlowEvent[] }
    : { valid: false, errors };
}

function invalid(errors: readonly FlowValidationError[]): FlowValidationResult {
  return { valid: false, errors };
}

function collectVertices(nodes: readonly unknown[], errors: FlowValidationError[]): Map<string, GraphVertex> {
  const vertices = new Map<string, GraphVertex>();
  nodes.forEach((node, index) => {
    if (!isPlainObject(node) || typeof node['id'] !== 'string') return;
    const id = node['id'];
    const first = vertices.get(id);
    if (first) {
      errors.push({
        code: 'duplicate_node_id',
        nodeId: id,
        path: `/nodes/${index}/id`,
        message: `is already the id of /nodes/${first.index}`,
      });
      return;
    }
    const exits = isPlainObject(node['exits']) ? Object.values(node['exits']) : [];
    const targets = exits.filter((target): target is string => typeof target === 'string');
    vertices.set(id, { id, index, kind: node['kind'], targets });
  });
  return vertices;
}

function nodeErrors(
  node: unknown,
  index: number,
  vertices: ReadonlyMap<string, GraphVertex>,
  references: FlowReferences,
): FlowValidationError[] {
  const path: JsonPath = ['nodes', index];
  if (!isPlainObject(node)) {
    return [{ code: 'invalid_node_config', path: toJsonPointer(path), message: 'must be an object' }];
  }
  const nodeId = typeof node['id'] === 'string' ? node['id'] : undefined;
  const error = (code: FlowValidationErrorCode, pointer: string, message: string): FlowValidationError => ({
    code,
    ...(nodeId === undefined ? {} : { nodeId }),
    path: pointer,
    message,
  });
  const at = (...segments: JsonPath): string => toJsonPointer([...path, ...segments]);
  const kind = node['kind'];
  if (!isNodeKind(kind))
    return [error('unknown_node_kind', at('kind'), `must be one of ${FLOW_NODE_KINDS.join(', ')}`)];

  const { exits, ...config } = node;
  const errors = validateAgainstSchema(
    config,
    flowNodeConfigJsonSchemas[kind],
    flowDocumentJsonSchema,
    path,
  ).map((violation) => error('invalid_node_config', violation.path, violation.message));
  // Past the schema check the node has its kind's shape, except for `exits`, which is checked here.
  const typed = node as unknown as FlowNode;
  const configValid = errors.length === 0;
  if (
    configValid &&
    typed.kind === 'menu' &&
    typed.repeatKey !== undefined &&
    Object.hasOwn(typed.options, typed.repeatKey)
  ) {
    errors.push(error('invalid_node_config', at('repeatKey'), 'must not also be an option key'));
  }

  if (!isPlainObject(exits)) {
    errors.push(
      error('invalid_node_config', at('exits'), exits === undefined ? 'is required' : 'must be an object'),
    );
    return errors;
  }
  // Which exits a menu has depends on its options, so a menu's exit names are checked once those are valid.
  const checkExitNames = configValid || kind !== 'menu';
  for (const [name, target] of Object.entries(exits)) {
    if (checkExitNames && !isExitAllowed(typed, name)) {
      errors.push(error('unknown_exit', at('exits', name), `is not an exit of this ${kind} node`));
    }
    if (target !== null && typeof target !== 'string') {
      errors.push(error('invalid_node_config', at('exits', name), 'must be a node id or null'));
    } else if (target !== null && !vertices.has(target)) {
      errors.push(
        error('dangling_exit', at('exits', name), `leads to "${target}", which is not a node of this flow`),
      );
    }
  }
  if (checkExitNames) {
    for (const name of requiredExits(typed).filter((required) => !Object.hasOwn(exits, required))) {
      errors.push(
        error('missing_exit', at('exits', name), 'is required; set it to null to end the call here'),
      );
    }
  }

  if (configValid) {
    for (const reference of referencesOf(typed)) {
      if (references[reference.type]?.has(reference.id) === false) {
        const noun = REFERENCE_NOUNS[reference.type];
        errors.push(
          error(
            'unknown_reference',
            at(...reference.path),
            `${noun} "${reference.id}" does not exist in this account`,
          ),
        );
      }
    }
  }
  return errors;
}

function isNodeKind(kind: unknown): kind is FlowNodeKind {
  return FLOW_NODE_KINDS.some((known) => known === kind);
}

function referencesOf(node: FlowNode): Reference[] {
  const audio = (field: string, prompt: Prompt | undefined): Reference[] =>
    prompt?.type === 'audio' ? [{ type: 'audio', id: prompt.audioId, path: [field, 'audioId'] }] : [];
  const targets = (ringTargets: readonly RingTarget[] = []): Reference[] =>
    ringTargets.map((target, index) => ({
      type: RING_TARGET_REFERENCES[target.type],
      id: target.id,
      path: ['targets', index, 'id'],
    }));
  switch (node.kind) {
    case 'schedule':
      return [{ type: 'schedules', id: node.scheduleId, path: ['scheduleId'] }];
    case 'menu':
      return [
        ...audio('prompt', node.prompt),
        ...audio('invalidPrompt', node.invalidPrompt),
        ...audio('timeoutPrompt', node.timeoutPrompt),
      ];
    case 'play':
      return audio('prompt', node.prompt);
    case 'ring':
      return targets(node.targets);
    case 'voicemail':
      return [
        { type: 'voicemailBoxes', id: node.boxId, path: ['boxId'] },
        ...audio('greeting', node.greeting),
      ];
    case 'queue': {
      const queue: Reference[] =
        node.queueName === undefined ? [] : [{ type: 'queues', id: node.queueName, path: ['queueName'] }];
      return [...queue, ...targets(node.targets), ...audio('holdMusic', node.holdMusic)];
    }
    case 'forward':
    case 'webhook':
    case 'set':
    case 'hangup':
      return [];
  }
}

function unreachableErrors(
  startNodeId: string,
  vertices: ReadonlyMap<string, GraphVertex>,
): FlowValidationError[] {
  const reached = new Set([startNodeId]);
  const pending = [startNodeId];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    for (const target of vertices.get(id)?.targets ?? []) {
      if (vertices.has(target) && !reached.has(target)) {
        reached.add(target);
        pending.push(target);
      }
    }
  }
  return [...vertices.values()]
    .filter((vertex) => !reached.has(vertex.id))
    .map((vertex) => ({
      code: 'unreachable_node',
      nodeId: vertex.id,
      path: `/nodes/${vertex.index}`,
      message: 'cannot be reached from the start node',
    }));
}

/** Loops among nodes other than menus; see `validateFlow` for why menus bound a loop. */
function unboundedLoopErrors(vertices: ReadonlyMap<string, GraphVertex>): FlowValidationError[] {
  const graph = new Map<string, readonly string[]>();
  for (const vertex of vertices.values()) {
    if (vertex.kind !== 'menu') graph.set(vertex.id, vertex.targets);
  }
  for (const [id, targets] of graph)
    graph.set(
      id,
      targets.filter((target) => graph.has(target)),
    );
  return stronglyConnectedComponents(graph)
    .filter((component) => component.length > 1 || component.some((id) => graph.get(id)?.includes(id)))
    .flatMap((component): FlowValidationError[] => {
      const members = component.flatMap((id) => vertices.get(id) ?? []).sort((a, b) => a.index - b.index);
      const [first] = members;
      if (!first) return [];
      const loop = members.map((member) => `"${member.id}"`).join(', ');
      return [
        {
          code: 'unbounded_loop',
          nodeId: first.id,
          path: `/nodes/${first.index}`,
          message: `loops through ${loop} without a menu, so it could repeat forever without caller input`,
        },
      ];
    });
}

/** Tarjan's algorithm. */
function stronglyConnectedComponents(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const marks = new Map<string, { readonly index: number; low: number }>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (id: string): { readonly index: number; low: number } => {
    const mark = { index: marks.size, low: marks.size };
    marks.set(id, mark);
    stack.push(id);
    onStack.add(id);
    for (const next of graph.get(id) ?? []) {
      const nextMark = marks.get(next);
      if (nextMark === undefined) mark.low = Math.min(mark.low, visit(next).low);
      else if (onStack.has(next)) mark.low = Math.min(mark.low, nextMark.index);
    }
    if (mark.low === mark.index) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== id);
      components.push(component);
    }
    return mark;
  };
  for (const id of graph.keys()) {
    if (!marks.has(id)) visit(id);
  }
  return components;
}
