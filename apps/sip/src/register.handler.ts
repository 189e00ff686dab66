import { type RegisterOutcome, type RegistrarService } from '@switchyard/devices';
import { type Logger } from '@switchyard/logging';
import type Srf from 'drachtio-srf';
import { headerLines } from './sip-headers';

type SrfWithRegister = Srf & { register(handler: (req: Srf.SrfRequest, res: Srf.SrfResponse) => void): void };

function send(res: Srf.SrfResponse, outcome: RegisterOutcome): void {
  switch (outcome.kind) {
    case 'challenge':
      return res.send(401, {
        headers: { 'WWW-Authenticate': headerLines('WWW-Authenticate', outcome.challenges) },
      });
    case 'forbidden':
      return res.send(403);
    case 'interval_too_brief':
      return res.send(423, { headers: { 'Min-Expires': String(outcome.minExpires) } });
    case 'bad_request':
      return res.send(400, outcome.reason, {});
    case 'registered': {
      const contacts = outcome.contacts.map(
        ({ contact, expiresSeconds }) => `<${contact}>;expires=${expiresSeconds}`,
      );
      return res.send(200, { headers: contacts.length > 0 ? { Contact: contacts.join(', ') } : {} });
    }
  }
}

/** The registrar's SIP side: reads the REGISTER, lets the registrar decide, and sends its answer. */
export function handleRegister(srf: Srf, registrar: RegistrarService, logger: Logger): void {
  (srf as SrfWithRegister).register((req, res) => {
    const request = {
      requestUri: req.uri,
      to: req.get('To') ?? '',
      callId: req.get('Call-ID') ?? '',
      cseq: Number.parseInt(req.get('CSeq') ?? '', 10),
      contact: req.has('Contact') ? req.get('Contact') : undefined,
      expires: req.has('Expires') ? req.get('Expires') : undefined,
      authorization: req.has('Authorization') ? req.get('Authorization') : undefined,
      userAgent: req.has('User-Agent') ? req.get('User-Agent') : undefined,
      source: { address: req.source_address, port: Number(req.source_port), protocol: req.protocol ?? '' },
    };
    registrar.register(request).then(
      (outcome) => send(res, outcome),
      (error: unknown) => {
        logger.error({ err: error, callId: request.callId }, 'REGISTER failed');
        res.send(500);
      },
    );
  });
}
