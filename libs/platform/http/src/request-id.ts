import { newId } from '@switchyard/contracts';
import { type IncomingMessage } from 'node:http';

const acceptedRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

/** Echoes a well-formed incoming X-Request-Id, otherwise makes one. */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && acceptedRequestId.test(incoming) ? incoming : newId('request');
}
