import { describe, it } from 'vitest';
import { APP_SDP, gate, logConnection, replayCapture } from './capture-replay';
import { type ReceivedRequest } from './sip-peer';
import {
  SIPP_ANSWER,
  SIPP_CALLEE,
  SIPP_CALLEE_CONTACT,
  SIPP_CALLER,
  SIPP_SECOND_CALLEE,
  SIPP_UAC_OFFER,
  sippAnswerHeaders,
  sippInDialog,
  sippInvite,
  sippMessage,
  sippVia,
} from './sipp-messages';
import { type SrfRequest } from './srf-test-app';

/** SIPp's uas scenario: 100, 180 and 200 with SDP, all with the callee's tag and Contact. */
function answerLikeSipp(invite: ReceivedRequest, toTag: string): void {
  invite.respond(100);
  invite.respond(180, { toTag, contact: SIPP_CALLEE_CONTACT });
  invite.respond(200, {
    toTag,
    contact: SIPP_CALLEE_CONTACT,
    headers: sippAnswerHeaders(),
    body: SIPP_ANSWER,
  });
}

describe('replaying the outbound captures against DrachtioTestServer', () => {
  it('h-outbound-call: createUAC, 180/200, ACK, then the app hangs up', async () => {
    const hangUp = gate();
    await replayCapture('h-outbound-call', {
      app(app) {
        logConnection(app);
        app.srf.on('connect', (error) => {
          if (error) return;
          void (async () => {
            const dialog = await app.srf.createUAC(
              'sip:service@127.0.0.1:5090',
              { localSdp: APP_SDP, headers: { 'X-Trace': 'h-outbound-call' } },
              {
                cbRequest: (_error, req) =>
                  app.log.write(`INVITE sent, call-id ${req.get('Call-ID')} stackTxnId ${req.stackTxnId}`),
                cbProvisional: (provisional) => app.log.write(`provisional ${provisional.status}`),
              },
            );
            app.log.write(`dialog up id=${dialog.id}`);
            dialog.on('destroy', () => app.log.write('far end hung up'));
            await hangUp.opened;
            await dialog.destroy();
            app.log.write('app sent BYE');
          })();
        });
      },
      async network(server, app) {
        const invite = await server.waitForAppRequest('INVITE', { to: SIPP_CALLEE });
        answerLikeSipp(invite, '23512SIPpTag011');
        await invite.dialog.expectRequest('ACK');
        await app.log.waitFor(/^dialog up/);
        hangUp.open();
        (await invite.dialog.expectRequest('BYE')).respond(200, { contact: SIPP_CALLEE_CONTACT });
        await app.log.waitFor('app sent BYE');
      },
    });
  });

  it('i-b2bua: createB2BUA bridges the caller to a callee; the caller hangs up', async () => {
    await replayCapture('i-b2bua', {
      app(app) {
        logConnection(app);
        app.srf.invite(async (req, res) => {
          app.log.write(`A-leg INVITE call-id ${req.get('Call-ID')}`);
          const { uas, uac } = await app.srf.createB2BUA(
            req,
            res,
            'sip:service@127.0.0.1:5090',
            { localSdpB: req.body },
            {
              cbRequest: (_error, bLeg) => app.log.write(`B-leg INVITE sent, call-id ${bLeg.get('Call-ID')}`),
              cbProvisional: (provisional) => app.log.write(`B-leg provisional ${provisional.status}`),
            },
          );
          app.log.write(`both legs up: uas=${uas.id} uac=${uac.id}`);
          uas.on('destroy', () => {
            app.log.write('A leg BYE -> tearing down B');
            void uac.destroy();
          });
          uac.on('destroy', () => {
            app.log.write('B leg BYE -> tearing down A');
            void uas.destroy();
          });
        });
      },
      async network(server, app) {
        await server.waitForRoutes(['invite']);
        const call = server.peer(SIPP_CALLER).invite(sippInvite(23583, { sdp: SIPP_UAC_OFFER }));
        const bLeg = await server.waitForAppRequest('INVITE', { to: SIPP_CALLEE });
        bLeg.respond(100);
        bLeg.respond(180, { toTag: '23570SIPpTag011', contact: SIPP_CALLEE_CONTACT });
        await call.expectResponse(180);
        bLeg.respond(200, {
          toTag: '23570SIPpTag011',
          contact: SIPP_CALLEE_CONTACT,
          headers: sippAnswerHeaders(),
          body: SIPP_ANSWER,
        });
        await bLeg.dialog.expectRequest('ACK');
        const to = (await call.expectResponse(200)).get('To') ?? '';
        call.peer.sendRequest(
          sippInDialog(23583, 'ACK', { branchIndex: 5, cseq: '1 ACK', to, subject: true }),
        );
        await app.log.waitFor(/^both legs up/);
        const bye = call.peer.sendRequest(
          sippInDialog(23583, 'BYE', { branchIndex: 7, cseq: '2 BYE', to, subject: true }),
        );
        (await bLeg.dialog.expectRequest('BYE')).respond(200, { contact: SIPP_CALLEE_CONTACT });
        await bye.expectResponse(200);
        await app.log.waitFor('A leg BYE -> tearing down B');
      },
    });
  });

  it('m-proxy: proxyRequest with remainInDialog; ACK and BYE pass through without the app', async () => {
    await replayCapture('m-proxy', {
      app(app) {
        logConnection(app);
        app.srf.invite(async (req) => {
          app.log.write(`INVITE call-id ${req.get('Call-ID')} -> proxy`);
          const results = await app.srf.proxyRequest(req, 'sip:service@127.0.0.1:5090', {
            remainInDialog: true,
          });
          const summary = {
            connected: results.connected,
            finalStatus: results.finalStatus,
            responses: results.responses.map((response) => ({
              address: response.address,
              port: response.port,
              msgs: response.msgs.map((msg) => msg.status),
            })),
          };
          app.log.write(`proxy finished: ${JSON.stringify(summary)}`);
        });
      },
      async network(server, app) {
        await server.waitForRoutes(['invite']);
        const caller = server.peer(SIPP_CALLER);
        const callee = server.peer(SIPP_CALLEE);
        const call = caller.invite(sippInvite(23350));
        const forwarded = (await callee.expectRequest('INVITE')).message;
        // SIPp's [last_Via:] puts all Vias of the request on one line
        const calleeResponse = (
          status: string,
          headers: ReadonlyArray<readonly [string, string]>,
          body = '',
        ): string =>
          sippMessage(
            `SIP/2.0 ${status}`,
            [
              ['Via', forwarded.getAll('Via').join(', ')],
              ['From', forwarded.get('From') ?? ''],
              ['To', `${forwarded.get('To') ?? ''}${status.startsWith('100') ? '' : ';tag=23327SIPpTag011'}`],
              ['Call-ID', forwarded.callId],
              ['CSeq', forwarded.get('CSeq') ?? ''],
              ...headers,
            ],
            body,
          );
        const dialogHeaders = [
          ['Record-Route', forwarded.get('Record-Route') ?? ''],
          ['Contact', SIPP_CALLEE_CONTACT],
        ] as const;
        callee.sendResponse(calleeResponse('100 Trying', []));
        callee.sendResponse(calleeResponse('180 Ringing', dialogHeaders));
        await call.expectResponse(180);
        callee.sendResponse(
          calleeResponse('200 OK', [...dialogHeaders, ['Content-Type', 'application/sdp']], SIPP_ANSWER),
        );
        const to = (await call.expectResponse(200)).get('To') ?? '';
        const throughProxy = (method: string, branchIndex: number, cseq: string): string =>
          sippMessage(`${method} sip:127.0.0.1:5090;transport=UDP SIP/2.0`, [
            ['Via', sippVia(23350, branchIndex)],
            ['From', 'sipp <sip:sipp@127.0.0.1:5070>;tag=23350SIPpTag001'],
            ['To', to],
            ['Route', '<sip:127.0.0.1:5060;lr>'],
            ['Call-ID', '1-23350@127.0.0.1'],
            ['CSeq', cseq],
            ['Contact', 'sip:sipp@127.0.0.1:5070'],
            ['Max-Forwards', '70'],
          ]);
        caller.sendRequest(throughProxy('ACK', 5, '1 ACK'));
        await callee.expectRequest('ACK');
        const bye = caller.sendRequest(throughProxy('BYE', 7, '2 BYE'));
        const relayedBye = (await callee.expectRequest('BYE')).message;
        callee.sendResponse(
          sippMessage('SIP/2.0 200 OK', [
            ['Via', relayedBye.getAll('Via').join(', ')],
            ['From', relayedBye.get('From') ?? ''],
            ['To', relayedBye.get('To') ?? ''],
            ['Call-ID', relayedBye.callId],
            ['CSeq', relayedBye.get('CSeq') ?? ''],
            ['Contact', SIPP_CALLEE_CONTACT],
          ]),
        );
        await bye.expectResponse(200);
        await app.log.waitFor(/^proxy finished/);
      },
    });
  });

  it('s-outbound-request: OPTIONS and MESSAGE sent by the app outside a dialog', async () => {
    const sendMessage = gate();
    await replayCapture('s-outbound-request', {
      app(app) {
        logConnection(app);
        app.srf.on('connect', (error) => {
          if (error) return;
          app.srf.request(
            'sip:service@127.0.0.1:5090',
            { method: 'OPTIONS', headers: { 'X-Trace': 's-outbound-request' } },
            (_error, options) => {
              app.log.write(`OPTIONS sent, stackTxnId ${options.stackTxnId}`);
              options.on('response', (response) => app.log.write(`OPTIONS response ${response.status}`));
            },
          );
          void sendMessage.opened.then(() =>
            app.srf.request(
              'sip:bob@127.0.0.1:5091',
              {
                method: 'MESSAGE',
                headers: { 'Content-Type': 'text/plain', From: '<sip:app@127.0.0.1>' },
                body: 'hello from the app\r\n',
              },
              (_error, message) => {
                app.log.write(`MESSAGE sent, stackTxnId ${message.stackTxnId}`);
                message.on('response', (response) => app.log.write(`MESSAGE response ${response.status}`));
              },
            ),
          );
        });
      },
      async network(server, app) {
        const options = await server.waitForAppRequest('OPTIONS', { to: SIPP_CALLEE });
        options.respond(200, {
          toTag: '25874SIPpTag011',
          headers: { Allow: 'INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE' },
        });
        await app.log.waitFor('OPTIONS response 200');
        sendMessage.open();
        const message = await server.waitForAppRequest('MESSAGE', { to: SIPP_SECOND_CALLEE });
        message.respond(202, { toTag: '25875SIPpTag011' });
        await app.log.waitFor('MESSAGE response 202');
      },
    });
  });

  it('t-outbound-cancel: the app cancels its INVITE after a 180', async () => {
    await replayCapture('t-outbound-cancel', {
      app(app) {
        logConnection(app);
        app.srf.on('connect', (error) => {
          if (error) return;
          let invite: SrfRequest | undefined;
          app.srf
            .createUAC(
              'sip:service@127.0.0.1:5090',
              { localSdp: APP_SDP },
              {
                cbRequest: (_error, req) => {
                  invite = req;
                  app.log.write(`INVITE sent, stackTxnId ${req.stackTxnId}`);
                },
                cbProvisional: (provisional) => {
                  app.log.write(`provisional ${provisional.status}`);
                  if (provisional.status !== 180) return;
                  app.log.write('cancelling');
                  invite?.cancel();
                },
              },
            )
            .then(
              () => app.log.write('unexpected: call connected'),
              (failure: { status: number; reason: string }) =>
                app.log.write(`createUAC rejected: status=${failure.status} ${failure.reason}`),
            );
        });
      },
      async network(server) {
        const invite = await server.waitForAppRequest('INVITE', { to: SIPP_CALLEE });
        invite.respond(100);
        invite.respond(180, { toTag: '25165SIPpTag011', contact: SIPP_CALLEE_CONTACT });
        (await server.waitForAppRequest('CANCEL', { to: SIPP_CALLEE })).respond(200, {
          toTag: '25165SIPpTag011',
        });
        invite.respond(487, { toTag: '25165SIPpTag011' });
        await server.waitForFrame(
          (frame) => frame.payload.includes('|NOK|'),
          'the refusal of the ACK srf sends for the 487',
        );
      },
    });
  });

  it('u-outbound-unreachable: nothing listens, the server answers the INVITE with a local 503', async () => {
    await replayCapture('u-outbound-unreachable', {
      app(app) {
        logConnection(app);
        app.srf.on('connect', (error) => {
          if (error) return;
          app.srf
            .createUAC(
              'sip:service@127.0.0.1:5090',
              { localSdp: APP_SDP },
              {
                cbRequest: (_error, req) => app.log.write(`INVITE sent, stackTxnId ${req.stackTxnId}`),
                cbProvisional: (provisional) => app.log.write(`provisional ${provisional.status}`),
              },
            )
            .then(
              () => app.log.write('unexpected: call connected'),
              (failure: { status: number; reason: string }) =>
                app.log.write(`createUAC rejected: status=${failure.status} ${failure.reason}`),
            );
        });
      },
      async network(server) {
        (await server.waitForAppRequest('INVITE', { to: SIPP_CALLEE })).failTransport();
        await server.waitForFrame(
          (frame) => frame.payload.includes('|NOK|'),
          'the refusal of the ACK srf sends for the 503',
        );
      },
    });
  });

  it('v-outbound-auth: a 407 challenge answered by srf with Proxy-Authorization', async () => {
    const hangUp = gate();
    await replayCapture('v-outbound-auth', {
      app(app) {
        logConnection(app);
        app.srf.on('connect', (error) => {
          if (error) return;
          void (async () => {
            const dialog = await app.srf.createUAC(
              'sip:service@127.0.0.1:5090',
              { localSdp: APP_SDP, auth: { username: 'alice', password: 'secret123' } },
              {
                cbRequest: (_error, req) => app.log.write(`INVITE sent, stackTxnId ${req.stackTxnId}`),
                cbProvisional: (provisional) => app.log.write(`provisional ${provisional.status}`),
              },
            );
            app.log.write(`dialog up id=${dialog.id}`);
            await hangUp.opened;
            await dialog.destroy();
            app.log.write('app sent BYE');
          })();
        });
      },
      async network(server, app) {
        const challenged = await server.waitForAppRequest('INVITE', { to: SIPP_CALLEE });
        challenged.respond(407, {
          toTag: '26544SIPpTag011',
          headers: {
            'Proxy-Authenticate':
              'Digest realm="sipp.test", nonce="4e1b2c3d5f6a7b8c9d0e1f2a3b4c5d6e", algorithm=MD5, qop="auth"',
          },
        });
        const invite = await server.waitForAppRequest('INVITE', { to: SIPP_CALLEE });
        invite.respond(180, { toTag: '26544SIPpTag021', contact: SIPP_CALLEE_CONTACT });
        invite.respond(200, {
          toTag: '26544SIPpTag021',
          contact: SIPP_CALLEE_CONTACT,
          headers: sippAnswerHeaders(),
          body: SIPP_ANSWER,
        });
        await invite.dialog.expectRequest('ACK');
        await app.log.waitFor(/^dialog up/);
        hangUp.open();
        (await invite.dialog.expectRequest('BYE')).respond(200);
        await app.log.waitFor('app sent BYE');
      },
    });
  });
});
