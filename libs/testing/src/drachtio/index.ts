export { type FrameDirection, type WireFrame } from './app-connection';
export { WaitTimeoutError, type WaitOptions } from './awaitable-queue';
export { type Endpoint } from './drachtio-sip-stack';
export { DrachtioTestServer, type DrachtioTestServerOptions } from './drachtio-test-server';
export {
  encodeFrame,
  FrameDecoder,
  FramingError,
  parseControlMessage,
  type ControlMessage,
} from './drachtio-wire';
export { digestAuthorization, parseDigestParameters, type DigestCredentials } from './sip-digest';
export {
  headerParameter,
  parseNameAddr,
  parseSipUri,
  reasonPhrase,
  SipMessage,
  type NameAddr,
  type SipHeader,
  type SipHeaderInit,
  type SipMessageInit,
  type SipResponseInit,
} from './sip-message';
export {
  NetworkCall,
  PeerDialog,
  PeerRequest,
  ReceivedRequest,
  SipPeer,
  type NewRequestOptions,
  type SipRequestOptions,
  type SipResponseOptions,
} from './sip-peer';
