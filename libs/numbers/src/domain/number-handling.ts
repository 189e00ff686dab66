/** Whether calls to a number that runs a flow are recorded: every call, only on request through the API, or never. */
export const RECORDING_POLICIES = ['always', 'on_demand', 'never'] as const;
export type RecordingPolicy = (typeof RECORDING_POLICIES)[number];
export const DEFAULT_RECORDING_POLICY: RecordingPolicy = 'on_demand';

/**
 * What happens to calls or messages reaching a number, kept generic: the flow a call-flow runs, a user's devices or
 * inbox, or another number. The flow reference is checked by the call-flows context, which executes it. `recording`
 * applies to voice handling only; handlings saved before it existed have none.
 */
export type NumberHandling =
  | { readonly type: 'flow'; readonly flowId: string; readonly recording?: RecordingPolicy }
  | { readonly type: 'user'; readonly userId: string }
  | { readonly type: 'forward'; readonly to: string };

export const NUMBER_HANDLING_TYPES = ['flow', 'user', 'forward'] as const;

/** The recording policy of a number's voice handling: only a flow handling sets one; the default is on demand. */
export function recordingPolicyOf(voice: NumberHandling | null): RecordingPolicy {
  return (voice?.type === 'flow' ? voice.recording : undefined) ?? DEFAULT_RECORDING_POLICY;
}
