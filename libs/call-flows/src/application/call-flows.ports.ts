import { type AudioFormat } from '../domain/audio-library';
import { type FlowReferences, type FlowReferenceType } from '../domain/flow-validator';

export interface NumberUsingFlow {
  readonly id: string;
  readonly phoneNumber: string;
}

/** Which numbers send calls or messages to a flow; answered from the numbers context's data. */
export interface FlowUsage {
  numbersUsingFlow(accountId: string, flowId: string): Promise<NumberUsingFlow[]>;
}

export const FLOW_USAGE = Symbol('FLOW_USAGE');

/** The flow a number hands its calls to, if any; answered from the numbers context's data. */
export interface NumberFlowBinding {
  voiceFlowOf(accountId: string, numberId: string): Promise<string | null>;
}

export const NUMBER_FLOW_BINDING = Symbol('NUMBER_FLOW_BINDING');

/**
 * Which of the ids a flow refers to exist in the account. Kinds the directory cannot check (because their
 * context has no table yet) are left out of the answer, and `validateFlow` then does not check them.
 */
export interface FlowReferenceDirectory {
  existing(
    accountId: string,
    referenced: Readonly<Record<FlowReferenceType, readonly string[]>>,
  ): Promise<FlowReferences>;
}

export const FLOW_REFERENCE_DIRECTORY = Symbol('FLOW_REFERENCE_DIRECTORY');

export interface TranscodedAudio {
  /** 8 kHz mono mu-law WAV, the one format calls play. */
  readonly wav: Uint8Array;
  readonly durationMs: number;
}

/** Converts uploaded audio into the telephony WAV, answered by a sox adapter the app wires. */
export interface AudioTranscoder {
  /** Null when the content is not audio of that format the converter can read. */
  toTelephonyWav(content: Uint8Array, format: AudioFormat): Promise<TranscodedAudio | null>;
}

export const AUDIO_TRANSCODER = Symbol('AUDIO_TRANSCODER');

/** Directory under which the sip app keeps local copies of stored audio for the media engine to play. */
export const AUDIO_CACHE_DIRECTORY = Symbol('AUDIO_CACHE_DIRECTORY');
