/**
 * The SDP answer of the sandbox carrier's simulated far end (RFC 3264): it accepts the offer's first audio codec
 * and sends no media of its own (`recvonly` on the discard port), so a phone gets a valid, silent call.
 */
export function sandboxAnswer(offer: string): string {
  const lines = offer.split(/\r?\n/);
  const media = lines.find((line) => line.startsWith('m=audio '));
  const payload = media?.split(' ')[3] ?? '0';
  const rtpmap = lines.find((line) => line.startsWith(`a=rtpmap:${payload} `));
  const sessionId = String(Date.now());
  return [
    'v=0',
    `o=switchyard ${sessionId} ${sessionId} IN IP4 127.0.0.1`,
    's=Switchyard sandbox',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio 9 RTP/AVP ${payload}`,
    ...(rtpmap ? [rtpmap] : []),
    'a=recvonly',
    '',
  ].join('\r\n');
}
