import { ConflictError, DomainError, NotFoundError } from '@switchyard/errors';

export class VoicemailBoxNotFoundError extends NotFoundError {
  constructor(boxId: string) {
    super('voicemail_box', boxId);
  }
}

export class VoicemailNotFoundError extends NotFoundError {
  constructor(voicemailId: string) {
    super('voicemail', voicemailId);
  }
}

export class VoicemailBoxInUseError extends ConflictError {
  constructor(flowIds: readonly string[]) {
    super('voicemail_box_in_use', `Flows still send callers to this box: ${flowIds.join(', ')}.`, {
      flowIds,
    });
  }
}

export class GreetingAudioNotFoundError extends DomainError {
  constructor(audioId: string) {
    const message = `No audio file with id ${audioId} in this account; upload it first.`;
    super('unprocessable', 'audio_file_not_found', message, {
      fieldErrors: [{ field: 'greeting.audioId', code: 'audio_file_not_found', message }],
    });
  }
}
