export * from './domain';
export * from './calls.module';
export {
  CallRecorder,
  type CallEnding,
  type CallRecord,
  type NewCall,
  type NewLeg,
} from './application/call-recorder';
export { CallPolicyService } from './application/call-policy.service';
export { CalledNumbers } from './application/called-numbers';
export { CallerNumbers } from './application/caller-numbers';
export { OrphanedCalls } from './application/orphaned-calls';
export { type CallResource, type CallLegResource } from './application/call-resource';
export { CallHangupBus } from './infrastructure/call-hangup.bus';
export {
  CallControlBus,
  callControlFailedCode,
  type CallControlCommand,
  type CallControlReply,
} from './infrastructure/call-control.bus';
export {
  CallRecordings,
  recordingStorageKey,
  type RecordedAudio,
  type StartedRecording,
} from './application/call-recordings';
export { type RecordingResource } from './application/recording-resource';
export { type CalledNumber } from './infrastructure/account-numbers.reader';
export { LiveCallRegistry, type Admission, type AdmissionVerdict } from './infrastructure/live-call.registry';
