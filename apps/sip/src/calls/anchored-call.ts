import { type CallRecordings } from '@switchyard/calls';
import { type Clock } from '@switchyard/contracts';
import { type Logger } from '@switchyard/logging';
import type Srf from 'drachtio-srf';
import { BridgeMedia, type MediaMeasurements } from './bridge-media';
import { type AnchoredMedia } from './call-attempt';
import { CallHold } from './call-hold';
import { CallRecording, type RecordingPolicy } from './call-recording';
import { type AnchoredCall } from './call-session';
import { type TransferDialer } from './call-transfer';

/** What anchoring a call in the media engine needs from the app. */
export interface AnchoringServices {
  readonly recordings: CallRecordings;
  /** The hold music file, made when the media engine started. */
  readonly holdMusic: string;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * The media engine's session for a call, keyed by the caller's Call-ID, with the caller's tag and offer; what the
 * engine measured goes to `measurements` when the session is closed.
 */
export function bridgeMediaOf(
  engine: ConstructorParameters<typeof BridgeMedia>[0],
  req: Srf.SrfRequest,
  measurements: MediaMeasurements,
) {
  const callerTag = req.getParsedHeader('From').params?.tag ?? '';
  const firstParty = { tag: callerTag, sdp: req.body };
  return { media: new BridgeMedia(engine, req.get('Call-ID'), firstParty, measurements), callerTag };
}

/** How callees of the caller are reached through the engine: its offer, and the join when one answers. */
export async function anchoredMediaOf(media: BridgeMedia, callerTag: string): Promise<AnchoredMedia> {
  const offer = await media.offer(callerTag);
  return { offer, join: (calleeTag, sdp) => media.join(callerTag, calleeTag, sdp) };
}

/** A bridged call whose media the engine anchors: hold, transfers through `transfers`, recording under `policy`. */
export function anchoredCall(
  services: AnchoringServices,
  media: BridgeMedia,
  callerTag: string,
  call: { readonly accountId: string; readonly callId: string; readonly recording: RecordingPolicy },
  transfers: TransferDialer | null,
): AnchoredCall {
  const { recordings, holdMusic, clock, logger } = services;
  return {
    media,
    callerTag,
    hold: new CallHold(media, holdMusic, logger),
    transfers,
    recording: new CallRecording(recordings, media, call, call.recording, clock, logger),
    logger,
  };
}
