import { describe, expect, it } from 'vitest';
import { headerParameter, parseNameAddr, parseSipUri, SipMessage } from './sip-message';
import { SIPP_UAC_OFFER, sippInvite } from './sipp-messages';

describe('SipMessage', () => {
  it('prints a parsed message back byte for byte, padded values included', () => {
    const text = sippInvite(22213, { sdp: SIPP_UAC_OFFER });

    const message = SipMessage.parse(text);

    expect(message.toString()).toBe(text);
    expect(message.get('content-length')).toBe('129');
    expect(message.method).toBe('INVITE');
    expect(message.uri).toBe('sip:service@127.0.0.1:5060');
    expect(message.body).toBe(SIPP_UAC_OFFER);
  });

  it('reads compact header names, repeated headers and the top Via branch', () => {
    const message = SipMessage.parse(
      [
        'SIP/2.0 180 Ringing',
        'v: SIP/2.0/UDP 127.0.0.1;rport;branch=z9hG4bKtop, SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1',
        'Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK-2',
        'f: <sip:a@x>;tag=from1',
        't: "B" <sip:b@y>;tag=to1',
        'i: call-1',
        'CSeq: 7 INVITE',
        'l: 0',
        '',
        '',
      ].join('\r\n'),
    );

    expect(message.status).toBe(180);
    expect(message.reason).toBe('Ringing');
    expect(message.branch).toBe('z9hG4bKtop');
    expect(message.getAll('Via')).toHaveLength(2);
    expect([message.callId, message.fromTag, message.toTag]).toEqual(['call-1', 'from1', 'to1']);
    expect(message.cseq).toEqual({ seq: 7, method: 'INVITE' });
    expect(message.method).toBe('INVITE');
  });

  it('builds requests with Content-Length in UTF-8 bytes', () => {
    const message = SipMessage.request('MESSAGE', 'sip:bob@127.0.0.1', {
      headers: { 'Content-Type': 'text/plain' },
      body: 'héllo 👋',
    });

    expect(message.get('Content-Length')).toBe('11');
    expect(message.toString()).toBe(
      'MESSAGE sip:bob@127.0.0.1 SIP/2.0\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhéllo 👋',
    );
  });

  it('answers a request like a UAS: copies Via, From, To, Call-ID, CSeq and Record-Route, adds the To tag', () => {
    const invite = SipMessage.request('INVITE', 'sip:bob@127.0.0.1:5090', {
      headers: [
        ['Via', 'SIP/2.0/UDP 127.0.0.1;rport;branch=z9hG4bKabc'],
        ['Record-Route', '<sip:127.0.0.1:5060;lr>'],
        ['From', '<sip:127.0.0.1:5060>;tag=abc'],
        ['To', '<sip:bob@127.0.0.1:5090>'],
        ['Call-ID', 'c1'],
        ['CSeq', '5 INVITE'],
      ],
    });

    const ringing = invite.createResponse(180, { toTag: 'b1', headers: { Contact: '<sip:127.0.0.1:5090>' } });

    expect(ringing.toString()).toBe(
      [
        'SIP/2.0 180 Ringing',
        'Via: SIP/2.0/UDP 127.0.0.1;rport;branch=z9hG4bKabc',
        'Record-Route: <sip:127.0.0.1:5060;lr>',
        'From: <sip:127.0.0.1:5060>;tag=abc',
        'To: <sip:bob@127.0.0.1:5090>;tag=b1',
        'Call-ID: c1',
        'CSeq: 5 INVITE',
        'Contact: <sip:127.0.0.1:5090>',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
    expect(invite.createResponse(486, { toTag: 'b1' }).has('Record-Route')).toBe(false);
  });

  it('edits headers in place', () => {
    const message = SipMessage.request('OPTIONS', 'sip:x', {
      headers: [
        ['Via', 'a'],
        ['Via', 'b'],
        ['Accept', 'x'],
      ],
    });

    message.set('via', 'c').remove('Accept').add('Allow', 'INVITE');

    expect(message.headers.map((header) => `${header.name}: ${header.value}`)).toEqual([
      'via: c',
      'Content-Length: 0',
      'Allow: INVITE',
    ]);
  });

  it('parses addresses, header parameters and SIP URIs', () => {
    expect(parseNameAddr('"Zoë ☎" <sip:zoe@127.0.0.1:5070>;tag=t1')).toEqual({
      display: '"Zoë ☎"',
      uri: 'sip:zoe@127.0.0.1:5070',
      params: ';tag=t1',
    });
    expect(parseNameAddr('sip:sipp@127.0.0.1:5070;tag=t2')).toEqual({
      display: '',
      uri: 'sip:sipp@127.0.0.1:5070',
      params: ';tag=t2',
    });
    expect(headerParameter('SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1;rport', 'rport')).toBe('');
    expect(headerParameter('<sip:a@b;lr>', 'lr')).toBeUndefined();
    expect(parseSipUri('sip:127.0.0.1:5090;transport=UDP')).toEqual({
      user: undefined,
      host: '127.0.0.1',
      port: 5090,
    });
    expect(parseSipUri('sips:bob@example.com')).toEqual({
      user: 'bob',
      host: 'example.com',
      port: undefined,
    });
  });
});
