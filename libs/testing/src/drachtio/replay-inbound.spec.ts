import crypto from 'node:crypto';
import { describe, it } from 'vitest';
import { APP_SDP, gate, logConnection, replayCapture } from './capture-replay';
import {
  SIPP_CALLER,
  SIPP_OFFER,
  SIPP_SERVICE,
  SIPP_UAC_OFFER,
  sippCallId,
  sippFailureAck,
  sippFrom,
  sippInDialog,
  sippInvite,
  sippMessage,
  sippVia,
} from './sipp-messages';
import { type SrfTestApp } from './srf-test-app';

/** createUAS answering with APP_SDP, as in d, e, j, k, l, p and r; `onDialog` attaches the dialog's listeners. */
function answerInvites(
  app: SrfTestApp,
  onDialog: (dialog: Awaited<ReturnType<SrfTestApp['srf']['createUAS']>>) => void,
): void {
  app.srf.invite(async (req, res) => {
    app.log.write(`INVITE call-id ${req.get('Call-ID')}`);
    try {
      const dialog = await app.srf.createUAS(req, res, { localSdp: APP_SDP });
      app.log.write(`dialog up id=${dialog.id}`);
      onDialog(dialog);
    } catch (error) {
      app.log.write(`createUAS failed ${String(error)}`);
    }
  });
}

describe('replaying the inbound captures against DrachtioTestServer', () => {
  it('b-options: an OPTIONS answered 200 with extra headers', async () => {
    await replayCapture('b-options', {
      app(app) {
        logConnection(app);
        app.srf.options((req, res) => {
          app.log.write(
            `OPTIONS from ${req.source_address}:${req.source_port} call-id ${req.get('Call-ID')}`,
          );
          res.send(200, {
            headers: { Allow: 'INVITE, ACK, BYE, CANCEL, OPTIONS', Accept: 'application/sdp' },
          });
        });
      },
      async network(server) {
        await server.waitForRoutes(['options']);
        const options = server.peer(SIPP_CALLER).sendRequest(
          sippMessage('OPTIONS sip:service@127.0.0.1:5060 SIP/2.0', [
            ['Via', sippVia(22015, 0)],
            ['From', sippFrom(22015)],
            ['To', '<sip:service@127.0.0.1:5060>'],
            ['Call-ID', sippCallId(22015)],
            ['CSeq', '1 OPTIONS'],
            ['Contact', '<sip:sipp@127.0.0.1:5070>'],
            ['Max-Forwards', '70'],
            ['Accept', 'application/sdp'],
          ]),
        );
        await options.expectResponse(200);
      },
    });
  });

  it('d-inbound-call: INVITE answered, ACK, caller BYE', async () => {
    await replayCapture('d-inbound-call', {
      app(app) {
        logConnection(app);
        answerInvites(app, (dialog) =>
          dialog.on('destroy', () => app.log.write('dialog destroyed by far end (BYE)')),
        );
      },
      async network(server, app) {
        await server.waitForRoutes(['invite']);
        const call = server.peer(SIPP_CALLER).invite(sippInvite(22213, { sdp: SIPP_UAC_OFFER }));
        const ok = await call.expectResponse(200);
        const to = ok.get('To') ?? '';
        call.peer.sendRequest(
          sippInDialog(22213, 'ACK', { branchIndex: 5, cseq: '1 ACK', to, subject: true }),
        );
        await app.log.waitFor(/^dialog up/);
        const bye = call.peer.sendRequest(
          sippInDialog(22213, 'BYE', { branchIndex: 7, cseq: '2 BYE', to, subject: true }),
        );
        await bye.expectResponse(200);
        await app.log.waitFor('dialog destroyed by far end (BYE)');
      },
    });
  });

  it('c-register-digest: REGISTER challenged with 401, then accepted', async () => {
    const md5 = (text: string): string => crypto.createHash('md5').update(text).digest('hex');
    const nonce = '5f1c8e2a9b7d4c3e1a0f6b8d2c4e6a8b';
    const users: Record<string, string> = { alice: 'secret123' };
    const parseDigest = (header: string): Record<string, string> =>
      Object.fromEntries(
        [...header.replace(/^\s*Digest\s+/i, '').matchAll(/(\w+)=("([^"]*)"|[^,\s]+)/g)].map((match) => [
          (match[1] ?? '').toLowerCase(),
          match[3] ?? match[2] ?? '',
        ]),
      );
    const register = (branchIndex: number, cseq: number, authorization?: string): string =>
      sippMessage('REGISTER sip:127.0.0.1:5060 SIP/2.0', [
        ['Via', sippVia(22169, branchIndex)],
        ['From', '<sip:alice@127.0.0.1>;tag=22169SIPpTag001'],
        ['To', '<sip:alice@127.0.0.1>'],
        ['Call-ID', sippCallId(22169)],
        ['CSeq', `${cseq} REGISTER`],
        ['Contact', '<sip:alice@127.0.0.1:5070>'],
        ...(authorization ? [['Authorization', authorization] as const] : []),
        ['Max-Forwards', '70'],
        ['Expires', '3600'],
        ['User-Agent', 'sipp'],
      ]);
    await replayCapture('c-register-digest', {
      app(app) {
        logConnection(app);
        app.srf.register((req, res) => {
          const authorization = req.get('Authorization');
          if (!authorization) {
            app.log.write('REGISTER without credentials -> 401');
            const challenge = `Digest realm="127.0.0.1", nonce="${nonce}", opaque="0a4f113b", algorithm=MD5, qop="auth"`;
            return res.send(401, { headers: { 'WWW-Authenticate': challenge } });
          }
          const digest = parseDigest(authorization);
          const ha1 = md5(`${digest.username}:${digest.realm}:${users[digest.username ?? ''] ?? ''}`);
          const ha2 = md5(`${req.method}:${digest.uri}`);
          const expected = md5(`${ha1}:${digest.nonce}:${digest.nc}:${digest.cnonce}:${digest.qop}:${ha2}`);
          if (digest.response !== expected) return res.send(403);
          const expires = req.get('Expires') || '3600';
          const contact = req.getParsedHeader('Contact')[0]?.uri ?? '';
          app.log.write(`REGISTER ok for ${digest.username}, contact ${contact} -> 200`);
          res.send(200, { headers: { Contact: `<${contact}>;expires=${expires}`, Expires: expires } });
        });
      },
      async network(server) {
        await server.waitForRoutes(['register']);
        const sipp = server.peer(SIPP_CALLER);
        await sipp.sendRequest(register(0, 1)).expectResponse(401);
        const authorization =
          'Digest username="alice",realm="127.0.0.1",cnonce="6b8b4567",nc=00000001,qop=auth,uri="sip:127.0.0.1:5060",' +
          `nonce="${nonce}",response="8835d6cbfafa1b0b3e658ebff10323f6",algorithm=MD5,opaque="0a4f113b"`;
        await sipp.sendRequest(register(2, 2, authorization)).expectResponse(200);
      },
    });
  });

  it('e-inbound-call-app-hangup: the app ends the call with a BYE', async () => {
    const hangUp = gate();
    await replayCapture('e-inbound-call-app-hangup', {
      app(app) {
        logConnection(app);
        answerInvites(app, (dialog) => {
          void hangUp.opened.then(async () => {
            app.log.write('app hanging up');
            const bye = await dialog.destroy();
            app.log.write(`BYE sent, call-id ${bye.get('Call-ID')}`);
          });
        });
      },
      async network(server, app) {
        await server.waitForRoutes(['invite']);
        const call = server.peer(SIPP_CALLER).invite(sippInvite(22261));
        const to = (await call.expectResponse(200)).get('To') ?? '';
        call.peer.sendRequest(sippInDialog(22261, 'ACK', { branchIndex: 5, cseq: '1 ACK', to }));
        await app.log.waitFor(/^dialog up/);
        hangUp.open();
        (await call.expectRequest('BYE')).respond(200, { contact: '<sip:sipp@127.0.0.1:5070>' });
        await app.log.waitFor(/^BYE sent/);
      },
    });
  });

  it('f-inbound-cancel: the caller cancels after a 180', async () => {
    await replayCapture('f-inbound-cancel', {
      app(app) {
        logConnection(app);
        app.srf.invite((req, res) => {
          app.log.write(`INVITE call-id ${req.get('Call-ID')} -> 180, then wait`);
          req.on('cancel', (cancel) =>
            app.log.write(`got CANCEL (call-id ${cancel.get('Call-ID')}); not sending anything`),
          );
          res.send(180);
        });
      },
      async network(server, app) {
        await server.waitForRoutes(['invite']);
        const call = server.peer(SIPP_CALLER).invite(sippInvite(22314));
        const ringing = await call.expectResponse(180);
        const lastVia = ringing.get('Via') ?? '';
        const cancel = call.peer.sendRequest(
          sippMessage(`CANCEL sip:service@127.0.0.1:5060 SIP/2.0`, [
            ['Via', lastVia],
            ['From', sippFrom(22314)],
            ['To', SIPP_SERVICE],
            ['Call-ID', sippCallId(22314)],
            ['CSeq', '1 CANCEL'],
            ['Max-Forwards', '70'],
          ]),
        );
        await cancel.expectResponse(200);
        const terminated = await call.expectResponse(487);
        call.peer.sendRequest(sippFailureAck(22314, terminated.get('Via') ?? '', terminated.get('To') ?? ''));
        await app.log.waitFor(/^got CANCEL/);
      },
    });
  });

  it('g-inbound-reject: INVITE rejected with 486', async () => {
    await replayCapture('g-inbound-reject', {
      app(app) {
        logConnection(app);
        app.srf.invite((req, res) => {
          app.log.write(`INVITE call-id ${req.get('Call-ID')} -> 486`);
          res.send(486);
        });
      },
      async network(server) {
        await server.waitForRoutes(['invite']);
        const call = server.peer(SIPP_CALLER).invite(sippInvite(22364));
        const busy = await call.expectResponse(486);
        call.peer.sendRequest(sippFailureAck(22364, busy.get('Via') ?? '', busy.get('To') ?? ''));
      },
    });
  });

  it('j-reinvite-hold: a re-INVITE with a=sendonly is answered by srf on its own', async () => {
    const holdSdp = SIPP_OFFER.replace('2353687637', '2353687638').replace('a=sendrecv', 'a=sendonly');
    await replayCapture('j-reinvite-hold', {
      app(app) {
        logConnection(app);
        answerInvites(app, (dialog) => {
          dialog.on('hold', () =>
            app.log.write('hold detected: drachtio-srf auto-answers 200 with a=recvonly'),
          );
          dialog.on('unhold', () => app.log.write('unhold'));
          dialog.on('modify', (_req, res) => {
            app.log.write('modify event -> answering 200 with recvonly SDP');
            res.send(200, {
              body: APP_SDP.replace('a=sendrecv', 'a=recvonly'),
              headers: { 'Content-Type': 'application/sdp' },
            });
          });
          dialog.on('destroy', () => app.log.write('dialog destroyed by far end (BYE)'));
        });
      },
      async network(server, app) {
        await server.waitForRoutes(['invite']);
        const call = server.peer(SIPP_CALLER).invite(sippInvite(22959));
        const to = (await call.expectResponse(200)).get('To') ?? '';
        call.peer.sendRequest(sippInDialog(22959, 'ACK', { branchIndex: 5, cseq: '1 ACK', to }));
        await app.log.waitFor(/^dialog up/);
        const reinvite = call.peer.sendRequest(
          sippInDialog(22959, 'INVITE', {
            branchIndex: 7,
            cseq: '2 INVITE',
            to,
            contentType: 'application/sdp',
            body: holdSdp,
          }),
        );
        await reinvite.expectResponse(200);
        call.peer.sendRequest(sippInDialog(22959, 'ACK', { branchIndex: 10, cseq: '2 ACK', to }));
        const bye = call.peer.sendRequest(sippInDialog(22959, 'BYE', { branchIndex: 12, cseq: '3 BYE', to }));
        await bye.expectResponse(200);
        await app.log.waitFor('dialog destroyed by far end (BYE)');
      },
    });
  });

  it('k-refer: REFER answered 202, then NOTIFY and BYE from the app', async () => {
    await replayCapture('k-refer', {
      app(app) {
        logConnection(app);
        answerInvites(app, (dialog) => {
          dialog.on('refer', (req, res) => {
            app.log.write(`REFER Refer-To: ${req.get('Refer-To')} -> 202`);
            res.send(202);
            void (async () => {
              const notified = await dialog.request({
                method: 'NOTIFY',
                headers: {
                  Event: 'refer',
                  'Subscription-State': 'terminated;reason=noresource',
                  'Content-Type': 'message/sipfrag;version=2.0',
                },
                body: 'SIP/2.0 200 OK\r\n',
              });
              app.log.write(`NOTIFY answered ${notified.status}; app hangs up`);
              await dialog.destroy();
              app.log.write('BYE sent');
            })();
          });
          dialog.on('destroy', () => app.log.write('dialog destroyed by far end'));
        });
      },
      async network(server, app) {
        await server.waitForRoutes(['invite']);
        const call = server.peer(SIPP_CALLER).invite(sippInvite(23641));
        const to = (await call.expectResponse(200)).get('To') ?? '';
        call.peer.sendRequest(sippInDialog(23641, 'ACK', { branchIndex: 5, cseq: '1 ACK', to }));
        await app.log.waitFor(/^dialog up/);
        const refer = call.peer.sendRequest(
          sippInDialog(23641, 'REFER', {
            branchIndex: 7,
            cseq: '2 REFER',
            to,
            headers: [
              ['Refer-To', '<sip:carol@127.0.0.1:5090>'],
              ['Referred-By', '<sip:sipp@127.0.0.1:5070>'],
            ],
          }),
        );
        await refer.expectResponse(202);
        (await call.expectRequest('NOTIFY')).respond(200, { contact: '<sip:sipp@127.0.0.1:5070>' });
        (await call.expectRequest('BYE')).respond(200, { contact: '<sip:sipp@127.0.0.1:5070>' });
        await app.log.waitFor('BYE sent');
      },
    });
  });

  it('l-info-dtmf: an INFO with application/dtmf-relay answered 200', async () => {
    await replayCapture('l-info-dtmf', {
      app(app) {
        logConnection(app);
        answerInvites(app, (dialog) => {
          dialog.on('info', (req, res) => {
            app.log.write(`INFO ${req.get('Content-Type')}: ${JSON.stringify(req.body)} -> 200`);
            res.send(200);
          });
          dialog.on('destroy', () => app.log.write('dialog destroyed by far end (BYE)'));
        });
      },
      async network(server, app) {
        await server.waitForRoutes(['invite']);
        const call = server.peer(SIPP_CALLER).invite(sippInvite(23289));
        const to = (await call.expectResponse(200)).get('To') ?? '';
        call.peer.sendRequest(sippInDialog(23289, 'ACK', { branchIndex: 5, cseq: '1 ACK', to }));
        await app.log.waitFor(/^dialog up/);
        const info = call.peer.sendRequest(
          sippInDialog(23289, 'INFO', {
            branchIndex: 7,
            cseq: '2 INFO',
            to,
            contentType: 'application/dtmf-relay',
            body: 'Signal=5\r\nDuration=160\r\n',
          }),
        );
        await info.expectResponse(200);
        const bye = call.peer.sendRequest(sippInDialog(23289, 'BYE', { branchIndex: 10, cseq: '3 BYE', to }));
        await bye.expectResponse(200);
        await app.log.waitFor('dialog destroyed by far end (BYE)');
      },
    });
  });

  it('p-cdr: cdr:attempt, cdr:start and cdr:stop for an answered call', async () => {
    await replayCapture('p-cdr', {
      server: { cdrs: true },
      app(app) {
        logConnection(app);
        app.srf.on('cdr:attempt', (source, time, message) =>
          app.log.write(`cdr:attempt source=${source} time=${time} ${message.method || message.status}`),
        );
        app.srf.on('cdr:start', (source, time, role) =>
          app.log.write(`cdr:start source=${source} time=${time} role=${role}`),
        );
        app.srf.on('cdr:stop', (source, time, reason) =>
          app.log.write(`cdr:stop source=${source} time=${time} reason=${reason}`),
        );
        answerInvites(app, (dialog) =>
          dialog.on('destroy', () => app.log.write('dialog destroyed by far end (BYE)')),
        );
      },
      async network(server, app) {
        await server.waitForRoutes(['cdr:attempt', 'cdr:start', 'cdr:stop', 'invite']);
        const call = server.peer(SIPP_CALLER).invite(sippInvite(24856, { sdp: SIPP_UAC_OFFER }));
        const to = (await call.expectResponse(200)).get('To') ?? '';
        call.peer.sendRequest(
          sippInDialog(24856, 'ACK', { branchIndex: 5, cseq: '1 ACK', to, subject: true }),
        );
        await app.log.waitFor(/^dialog up/);
        const bye = call.peer.sendRequest(
          sippInDialog(24856, 'BYE', { branchIndex: 7, cseq: '2 BYE', to, subject: true }),
        );
        await bye.expectResponse(200);
        await app.log.waitFor(/^cdr:stop/);
      },
    });
  });

  it('q-utf8: frame lengths count UTF-8 bytes', async () => {
    await replayCapture('q-utf8', {
      app(app) {
        logConnection(app);
        app.srf.message((req, res) => {
          const body = req.body;
          app.log.write(
            `MESSAGE from ${req.get('From')} body ${JSON.stringify(body)} (${Buffer.byteLength(body)} bytes, ${body.length} UTF-16 units)`,
          );
          res.send(200, { headers: { 'X-Reply': '¡sí! ✓ 🎉' } });
        });
      },
      async network(server) {
        await server.waitForRoutes(['message']);
        const message = server.peer(SIPP_CALLER).sendRequest(
          sippMessage(
            'MESSAGE sip:service@127.0.0.1:5060 SIP/2.0',
            [
              ['Via', sippVia(24904, 0)],
              ['From', '"Zoë ☎ 📞" <sip:zoe@127.0.0.1:5070>;tag=24904SIPpTag001'],
              ['To', '<sip:service@127.0.0.1:5060>'],
              ['Call-ID', sippCallId(24904)],
              ['CSeq', '1 MESSAGE'],
              ['Max-Forwards', '70'],
              ['Content-Type', 'text/plain;charset=UTF-8'],
            ],
            'héllo wörld ✓ 👋\r\n',
          ),
        );
        await message.expectResponse(200);
      },
    });
  });

  it('r-ack-timeout: the server gives up on a missing ACK and reports its BYE as unsolicited', async () => {
    await replayCapture('r-ack-timeout', {
      app(app) {
        logConnection(app);
        app.srf.invite(async (req, res) => {
          app.log.write(`INVITE call-id ${req.get('Call-ID')}`);
          const dialog = await app.srf.createUAS(req, res, { localSdp: APP_SDP });
          app.log.write(`dialog up id=${dialog.id} at ${new Date().toISOString()}`);
          dialog.on('destroy', (bye, reason) =>
            app.log.write(
              `dialog destroyed at ${new Date().toISOString()}: source=${bye.source} reason=${reason}`,
            ),
          );
        });
      },
      async network(server, app) {
        await server.waitForRoutes(['invite']);
        const call = server.peer(SIPP_CALLER).invite(sippInvite(25335, { subject: false }));
        await call.expectResponse(200);
        await app.log.waitFor(/^dialog up/);
        (await call.expireAck()).respond(200);
        await app.log.waitFor(/^dialog destroyed/);
      },
    });
  });
});
