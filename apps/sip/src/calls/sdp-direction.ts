/** RFC 3264 §5.1 media directions, as seen by the party whose SDP it is. */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

const directionLine = /^a=(sendrecv|sendonly|recvonly|inactive)\r?$/m;

/**
 * The direction an SDP asks for: its last direction attribute (a media-level one follows the session-level one), or
 * sendrecv. The RFC 2543 hold, a connection address of 0.0.0.0, means "send me nothing": sendonly.
 */
export function mediaDirection(sdp: string): MediaDirection {
  if (/^c=IN IP4 0\.0\.0\.0\r?$/m.test(sdp)) return 'sendonly';
  const found = [...sdp.matchAll(new RegExp(directionLine.source, 'gm'))].at(-1)?.[1];
  return (found as MediaDirection | undefined) ?? 'sendrecv';
}

/** A re-INVITE that holds the other party: it no longer wants to receive their media. */
export function isHold(sdp: string): boolean {
  const direction = mediaDirection(sdp);
  return direction === 'sendonly' || direction === 'inactive';
}

/** The direction that answers an offer of `offered` (RFC 3264 §6.1). */
export function answeringDirection(offered: MediaDirection): MediaDirection {
  if (offered === 'sendonly') return 'recvonly';
  if (offered === 'recvonly') return 'sendonly';
  return offered;
}

/** The SDP with `direction` as its only direction attribute, at media level. */
export function withDirection(sdp: string, direction: MediaDirection): string {
  const lineEnd = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(/\r?\n/).filter((line) => !directionLine.test(line));
  const trailing = lines.at(-1) === '' ? lines.pop() : undefined;
  lines.push(`a=${direction}`);
  if (trailing !== undefined) lines.push(trailing);
  return lines.join(lineEnd);
}
