export * from './devices.module';
export { type Ban } from './domain/ban-policy';
export { contactRequestUri, natTarget, type ReachableContact } from './domain/reachable-contact';
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
export {
  type AuthenticatedDevice,
  CallerAuthenticator,
  type CallerOutcome,
  type CallerRequest,
} from './application/caller-authenticator';
export { DeviceDirectory, type DialedUser } from './application/device-directory';
export { type SipBanResource } from './application/sip-ban-resource';
