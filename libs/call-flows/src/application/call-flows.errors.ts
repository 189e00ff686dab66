import { ConflictError, DomainError, type FieldError } from '@switchyard/errors';
import { type NumberUsingFlow } from './call-flows.ports';

/** A field error about a flow document, naming the node it concerns when there is one. */
export interface FlowFieldError extends FieldError {
  readonly nodeId?: string;
}

export class FlowInvalidError extends DomainError {
  constructor(fieldErrors: readonly FlowFieldError[]) {
    super('unprocessable', 'flow_invalid', 'The flow is not valid; see errors.', { fieldErrors });
  }
}

export class FlowInUseError extends ConflictError {
  constructor(numbers: readonly NumberUsingFlow[]) {
    const listed = numbers.map((number) => number.phoneNumber).join(', ');
    super('flow_in_use', `Numbers still use this flow: ${listed}.`, { numbers });
  }
}

export class FlowNotPublishedError extends ConflictError {
  constructor() {
    super('flow_not_published', 'The flow has no published version yet.');
  }
}

export class BusinessHoursInUseError extends ConflictError {
  constructor(flows: readonly { id: string; name: string }[]) {
    const listed = flows.map((flow) => flow.name).join(', ');
    super('business_hours_in_use', `Published flows check this schedule: ${listed}.`, { flows });
  }
}

export class UnsupportedAudioTypeError extends DomainError {
  constructor(contentType: string, allowed: readonly string[]) {
    super(
      'unsupported_media_type',
      'unsupported_audio_type',
      `Audio of type "${contentType || 'none'}" cannot be uploaded; allowed: ${allowed.join(', ')}.`,
    );
  }
}

export class AudioTooLargeError extends DomainError {
  constructor(limitBytes: number) {
    super('payload_too_large', 'audio_too_large', `Audio uploads are limited to ${limitBytes} bytes.`);
  }
}

export class UnreadableAudioError extends DomainError {
  constructor(contentType: string) {
    super(
      'unprocessable',
      'unreadable_audio',
      `The upload is not ${contentType} audio that can be converted.`,
    );
  }
}

export class AudioFileInUseError extends ConflictError {
  constructor(flowIds: readonly string[], voicemailBoxIds: readonly string[]) {
    const users = [
      ...flowIds.map((id) => `flow ${id}`),
      ...voicemailBoxIds.map((id) => `voicemail box ${id}`),
    ];
    super('audio_file_in_use', `Still used by ${users.join(', ')}.`, { flowIds, voicemailBoxIds });
  }
}

export class CallQueueNameTakenError extends ConflictError {
  constructor(name: string) {
    super('call_queue_name_taken', `The account already has a call queue named "${name}".`);
  }
}

export class CallQueueInUseError extends ConflictError {
  constructor(flowIds: readonly string[]) {
    super('call_queue_in_use', `Flows still send callers to this queue: ${flowIds.join(', ')}.`, { flowIds });
  }
}

export class UnknownRingTargetsError extends DomainError {
  constructor(fieldErrors: readonly FieldError[]) {
    super('unprocessable', 'unknown_ring_target', 'Some targets do not exist in the account; see errors.', {
      fieldErrors,
    });
  }
}
