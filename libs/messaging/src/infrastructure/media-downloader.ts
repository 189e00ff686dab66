import http from 'node:http';
import https from 'node:https';
import { type LookupFunction } from 'node:net';
import { type ResolvedAddress } from '@switchyard/webhooks';

export type MediaDownloadResult =
  | { readonly kind: 'downloaded'; readonly contentType: string; readonly content: Uint8Array }
  | { readonly kind: 'unsupported_type'; readonly contentType: string }
  | { readonly kind: 'too_large'; readonly sizeBytes: number }
  | { readonly kind: 'failed'; readonly reason: string };

export interface MediaDownloadRequest {
  readonly url: URL;
  /** The address the SSRF guard checked: DNS is not asked again, so a rebinding name cannot redirect it. */
  readonly target: ResolvedAddress;
  readonly maxBytes: number;
  /** Asked with the answer's Content-Type before any of the body is read. */
  readonly acceptsType: (contentType: string) => boolean;
}

/** GETs media from a URL a client gave, once: no redirects, a deadline, and never more than `maxBytes` read. */
export class MediaDownloader {
  constructor(private readonly timeoutMs: number) {}

  download(request: MediaDownloadRequest): Promise<MediaDownloadResult> {
    const pinned: LookupFunction = (_hostname, options, callback) => {
      const { address, family } = request.target;
      if (options.all)
        (callback as (error: null, all: ResolvedAddress[]) => void)(null, [{ address, family }]);
      else callback(null, address, family);
    };
    return new Promise((resolve) => {
      let settled = false;
      const settle = (result: MediaDownloadResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outgoing.destroy();
        resolve(result);
      };
      const outgoing = (request.url.protocol === 'https:' ? https : http).get(
        request.url,
        { lookup: pinned, headers: { accept: '*/*' } },
        (incoming) => {
          const status = incoming.statusCode ?? 0;
          if (status !== 200) return settle({ kind: 'failed', reason: `the server answered ${status}` });
          const contentType = incoming.headers['content-type'] ?? '';
          if (!request.acceptsType(contentType)) return settle({ kind: 'unsupported_type', contentType });
          const declared = Number(incoming.headers['content-length']);
          if (declared > request.maxBytes) return settle({ kind: 'too_large', sizeBytes: declared });
          const chunks: Buffer[] = [];
          let received = 0;
          incoming.on('data', (chunk: Buffer) => {
            received += chunk.length;
            if (received > request.maxBytes) return settle({ kind: 'too_large', sizeBytes: received });
            chunks.push(chunk);
          });
          incoming.on('end', () =>
            settle({ kind: 'downloaded', contentType, content: Buffer.concat(chunks) }),
          );
          incoming.on('error', (error) => settle({ kind: 'failed', reason: error.message }));
        },
      );
      const timer = setTimeout(
        () => settle({ kind: 'failed', reason: `no complete answer within ${this.timeoutMs} ms` }),
        this.timeoutMs,
      );
      outgoing.on('error', (error) => settle({ kind: 'failed', reason: error.message }));
    });
  }
}
