import { type Endpoint } from './drachtio-sip-stack';
import { utf8Length } from './sip-message';

/**
 * The SIP messages SIPp 3.6.1 sent in the captures, byte for byte, so a replay feeds the server the same input:
 * SIPp's caller at 127.0.0.1:5070 (uac scenarios, `pid` = SIPp's process id used in its tags and Call-IDs) and its
 * callees at 127.0.0.1:5090/5091.
 */

export const SIPP_CALLER: Endpoint = { address: '127.0.0.1', port: 5070 };
export const SIPP_CALLEE: Endpoint = { address: '127.0.0.1', port: 5090 };
export const SIPP_SECOND_CALLEE: Endpoint = { address: '127.0.0.1', port: 5091 };

const OFFER_LINES = [
  'v=0',
  'o=user1 53655765 2353687637 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 6000 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
];
/** SDP of SIPp's built-in uac scenario. */
export const SIPP_UAC_OFFER = [...OFFER_LINES, ''].join('\r\n');
/** SDP of the custom uac scenarios (adds a=sendrecv). */
export const SIPP_OFFER = [...OFFER_LINES, 'a=sendrecv', ''].join('\r\n');
/** SDP of the uas scenarios' 200 OK. */
export const SIPP_ANSWER = [
  'v=0',
  'o=user2 53655765 2353687637 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 6100 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  'a=sendrecv',
  '',
].join('\r\n');
/** Contact of SIPp's callee scenarios. */
export const SIPP_CALLEE_CONTACT = '<sip:127.0.0.1:5090;transport=UDP>';
export const SIPP_SERVICE = 'service <sip:service@127.0.0.1:5060>';
export const SIPP_SERVICE_URI = 'sip:service@127.0.0.1:5060';

/** SIPp's `Content-Length: [len]`: the length right-aligned in five columns. */
export function sippContentLength(body: string): string {
  return String(utf8Length(body)).padStart(5);
}

/** A message with the given headers in order, then Content-Length (`[len]` style with a body, `0` without). */
export function sippMessage(
  startLine: string,
  headers: ReadonlyArray<readonly [string, string]>,
  body = '',
): string {
  const contentLength = body ? sippContentLength(body) : '0';
  const lines = [
    startLine,
    ...headers.map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${contentLength}`,
  ];
  return [...lines, '', body].join('\r\n');
}

export function sippVia(pid: number, branchIndex: number): string {
  return `SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-${pid}-1-${branchIndex}`;
}

export function sippFrom(pid: number): string {
  return `sipp <sip:sipp@127.0.0.1:5070>;tag=${pid}SIPpTag001`;
}

export function sippCallId(pid: number): string {
  return `1-${pid}@127.0.0.1`;
}

export interface SippInviteOptions {
  /** `Subject: Performance Test` (all but r-ack-timeout). */
  subject?: boolean;
  sdp?: string;
}

/** The caller's INVITE to service@127.0.0.1:5060. */
export function sippInvite(
  pid: number,
  { subject = true, sdp = SIPP_OFFER }: SippInviteOptions = {},
): string {
  return sippMessage(
    `INVITE ${SIPP_SERVICE_URI} SIP/2.0`,
    [
      ['Via', sippVia(pid, 0)],
      ['From', sippFrom(pid)],
      ['To', SIPP_SERVICE],
      ['Call-ID', sippCallId(pid)],
      ['CSeq', '1 INVITE'],
      ['Contact', 'sip:sipp@127.0.0.1:5070'],
      ['Max-Forwards', '70'],
      ...(subject ? [['Subject', 'Performance Test'] as const] : []),
      ['Content-Type', 'application/sdp'],
    ],
    sdp,
  );
}

export interface SippInDialogOptions {
  branchIndex: number;
  cseq: string;
  /** The To header SIPp learnt from the server's response (with the server's tag). */
  to: string;
  subject?: boolean;
  /** Headers SIPp's scenario lists between Contact and Max-Forwards. */
  headers?: ReadonlyArray<readonly [string, string]>;
  contentType?: string;
  body?: string;
}

/** An in-dialog request of the caller (ACK, BYE, re-INVITE, INFO, REFER) in SIPp's layout. */
export function sippInDialog(pid: number, method: string, options: SippInDialogOptions): string {
  const { branchIndex, cseq, to, subject = false, headers = [], contentType, body = '' } = options;
  return sippMessage(
    `${method} ${SIPP_SERVICE_URI} SIP/2.0`,
    [
      ['Via', sippVia(pid, branchIndex)],
      ['From', sippFrom(pid)],
      ['To', to],
      ['Call-ID', sippCallId(pid)],
      ['CSeq', cseq],
      ['Contact', 'sip:sipp@127.0.0.1:5070'],
      ...headers,
      ['Max-Forwards', '70'],
      ...(subject ? [['Subject', 'Performance Test'] as const] : []),
      ...(contentType ? [['Content-Type', contentType] as const] : []),
    ],
    body,
  );
}

/** Headers for a uas-scenario 200 with SDP: Contact, Content-Type and SIPp's padded Content-Length. */
export function sippAnswerHeaders(sdp = SIPP_ANSWER): Array<readonly [string, string]> {
  return [
    ['Content-Type', 'application/sdp'],
    ['Content-Length', sippContentLength(sdp)],
  ];
}

/** The caller's ACK to a non-2xx final response: Via and To copied from it (`[last_Via:]`, `[last_To:]`). */
export function sippFailureAck(pid: number, via: string, to: string): string {
  return sippMessage(`ACK ${SIPP_SERVICE_URI} SIP/2.0`, [
    ['Via', via],
    ['From', sippFrom(pid)],
    ['To', to],
    ['Call-ID', sippCallId(pid)],
    ['CSeq', '1 ACK'],
    ['Max-Forwards', '70'],
  ]);
}
