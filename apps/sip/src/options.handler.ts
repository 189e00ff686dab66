import type Srf from 'drachtio-srf';

/** Methods this application answers; advertised to OPTIONS pings from carriers and load balancers. */
export const supportedMethods = [
  'INVITE',
  'ACK',
  'BYE',
  'CANCEL',
  'OPTIONS',
  'INFO',
  'REFER',
  'NOTIFY',
  'REGISTER',
];

type SrfWithVerbs = Srf & { options(handler: (req: Srf.SrfRequest, res: Srf.SrfResponse) => void): void };

/** Keep-alive and capability probes get 200 with what we accept. */
export function answerOptions(srf: Srf): void {
  (srf as SrfWithVerbs).options((_req, res) => {
    res.send(200, { headers: { Allow: supportedMethods.join(', '), Accept: 'application/sdp' } });
  });
}
