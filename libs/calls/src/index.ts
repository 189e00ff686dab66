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
export { LiveCallRegistry, type Admission, type AdmissionVerdict } from './infrastructure/live-call.registry';
