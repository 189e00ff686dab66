export * from './devices.module';
export { type Ban } from './domain/ban-policy';
export { type SipSecurityEvents } from './application/sip-security-events';
export {
  EdgeSecurityService,
  type EdgeVerdict,
  type ScreenedRequest,
} from './application/edge-security.service';
export {
  RegistrarService,
  type RegisterOutcome,
  type RegisterRequest,
} from './application/registrar.service';
