import { type EdgeSecurityService } from '@switchyard/devices';
import { type Logger } from '@switchyard/logging';
import type Srf from 'drachtio-srf';

/**
 * First middleware of the app (jambonz style): screens every new request before any handler or database work.
 * Scanners and banned addresses get no answer; a source over its REGISTER/INVITE rate gets 503 with Retry-After.
 * In-dialog requests (To with a tag) belong to calls already admitted and pass.
 */
export function screenAtEdge(srf: Srf, edge: EdgeSecurityService, logger: Logger): void {
  srf.use((req, res, next) => {
    if (/;\s*tag=/i.test(req.get('To') ?? '')) return next();
    const source = {
      method: req.method,
      sourceAddress: req.source_address,
      userAgent: req.get('User-Agent'),
    };
    edge.screen(source).then(
      (verdict) => {
        if (verdict.action === 'pass') return next();
        if (verdict.action === 'drop') {
          logger.info({ ...source, reason: verdict.reason, callId: req.get('Call-ID') }, 'dropped request');
          return;
        }
        logger.info({ ...source, retryAfterSeconds: verdict.retryAfterSeconds }, 'rate limited request');
        res.send(503, { headers: { 'Retry-After': String(verdict.retryAfterSeconds) } });
      },
      (error: unknown) => {
        // Fail open: without Redis the registrar cannot work either, and it answers for itself.
        logger.error({ err: error, ...source }, 'edge screening failed');
        next();
      },
    );
  });
}
