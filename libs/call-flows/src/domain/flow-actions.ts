import { type FlowNodeKind, type Prompt, type RingStrategy, type RingTarget } from './flow-model';

/** A number to dial outside the account, or a SIP URI. */
export interface ExternalTarget {
  readonly type: 'external';
  readonly address: string;
}

export type DialTarget = RingTarget | ExternalTarget;

export interface CallerId {
  readonly number: string;
  readonly name?: string;
}

export type HangupReason =
  /** An exit was null or absent. */
  | 'end_of_flow'
  | 'hangup_node'
  | 'webhook'
  /** A caller came back to a menu whose attempts were used up without choosing anything since. */
  | 'menu_retries_exhausted'
  /** More automatic steps in one advance than any valid flow needs. */
  | 'step_limit'
  /** The flow points at a node it does not contain. */
  | 'invalid_flow';

/** Body of the `http_request` a webhook node makes. */
export interface WebhookRequestBody {
  readonly callId: string;
  readonly accountId: string;
  readonly from: string;
  readonly to: string;
  readonly nodeId: string;
  readonly tags: readonly string[];
  readonly callerIdName?: string;
  readonly dialledExtension?: string;
}

/**
 * What the executor asks the media and signalling layers to do, in order. Only the last action of a
 * result that is not finished is awaited: its completion comes back as an event.
 */
export type FlowAction =
  | { readonly type: 'answer' }
  | { readonly type: 'play'; readonly prompt: Prompt }
  | {
      readonly type: 'gather';
      readonly prompt: Prompt;
      readonly timeoutSeconds: number;
      readonly interDigitTimeoutSeconds: number;
      readonly maxDigits: number;
      readonly finishOnKey?: string;
    }
  | {
      readonly type: 'dial';
      /** Echoed in `leg_result` so that a late result of an earlier leg can be told apart. */
      readonly legId: string;
      /** Ring together; a team target rings its members according to `strategy`. */
      readonly targets: readonly DialTarget[];
      readonly strategy: RingStrategy;
      readonly timeoutSeconds: number;
      readonly callerId: CallerId;
    }
  | {
      readonly type: 'record_voicemail';
      readonly boxId: string;
      readonly greeting?: Prompt;
      readonly beep: boolean;
    }
  | {
      readonly type: 'enqueue';
      readonly queueName?: string;
      readonly targets?: readonly RingTarget[];
      readonly holdMusic?: Prompt;
      readonly announcePosition: boolean;
      readonly maxWaitSeconds: number;
      readonly callerId: CallerId;
    }
  | {
      readonly type: 'http_request';
      readonly url: string;
      readonly method: 'POST';
      readonly timeoutSeconds: number;
      readonly body: WebhookRequestBody;
    }
  | { readonly type: 'hangup'; readonly reason: HangupReason }
  | { readonly type: 'tag'; readonly tags: readonly string[]; readonly callerIdName?: string };

/**
 * What a webhook may answer (see `webhookResponseJsonSchema`): actions that need no result of their own,
 * so that the flow can carry on through the webhook's `next` exit. `hangup` may only come last.
 */
export type WebhookAction =
  | { readonly type: 'answer' }
  | { readonly type: 'play'; readonly prompt: Prompt }
  | { readonly type: 'tag'; readonly tags?: readonly string[]; readonly callerIdName?: string }
  | { readonly type: 'hangup' };

export type LegOutcome = 'answered' | 'no_answer' | 'busy' | 'failed';

/** What happened on the call since the last advance. */
export type FlowEvent =
  /** Keys gathered; an empty string means none were pressed. */
  | { readonly type: 'digits'; readonly digits: string }
  | { readonly type: 'gather_timeout' }
  /** For an answered leg, reported once the bridged conversation is over. */
  | { readonly type: 'leg_result'; readonly outcome: LegOutcome; readonly legId?: string }
  /** The response body's `actions`, not yet validated. */
  | { readonly type: 'webhook_response'; readonly actions: unknown }
  | { readonly type: 'webhook_error' }
  | { readonly type: 'play_finished' }
  /** For `answered`, reported once the conversation with the agent is over. */
  | { readonly type: 'queue_result'; readonly outcome: 'answered' | 'overflow' }
  | { readonly type: 'voicemail_finished' }
  | { readonly type: 'caller_hangup' };

/** One node the call went through, and the exit it left by (null where the call ended). */
export interface PathStep {
  readonly nodeId: string;
  readonly kind: FlowNodeKind;
  readonly exit: string | null;
  /** ISO instant. */
  readonly at: string;
  /** Keys the caller pressed to leave a menu. */
  readonly digits?: string;
  /** The extension keyed at a direct-dial menu. */
  readonly extension?: string;
}
