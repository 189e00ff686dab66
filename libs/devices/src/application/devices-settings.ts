import {
  type SipDomainConfig,
  type SipEdgeSecurityConfig,
  type SipRegistrarConfig,
} from '@switchyard/config';

/** Injection tokens for this context's settings, provided by DevicesModule from the app's configuration. */
export const SIP_DOMAIN_CONFIG = Symbol('SIP_DOMAIN_CONFIG');
export const REGISTRAR_CONFIG = Symbol('REGISTRAR_CONFIG');
export const EDGE_SECURITY_CONFIG = Symbol('EDGE_SECURITY_CONFIG');

export type { SipDomainConfig, SipEdgeSecurityConfig, SipRegistrarConfig };
