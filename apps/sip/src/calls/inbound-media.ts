import { type SipConfig } from '@switchyard/config';
import { RtpengineMediaEngine } from '@switchyard/media';
import { EspeakTextToSpeech } from '@switchyard/speech';
import { type InboundMedia } from './inbound-calls';

export const INBOUND_MEDIA = Symbol('INBOUND_MEDIA');

/** rtpengine and espeak-ng prompts when the config names rtpengine; null otherwise (calls carry no media). */
export async function startMedia(
  config: SipConfig,
): Promise<(InboundMedia & { close(): Promise<void> }) | null> {
  const media = config.calls.media;
  if (media === undefined) return null;
  const engine = await RtpengineMediaEngine.start({
    ngHost: media.ngHost,
    ngPort: media.ngPort,
    dtmfLogHost: media.dtmfLogHost,
    dtmfLogPort: media.dtmfLogPort,
    recordingDirectory: media.recordingDirectory,
  });
  return {
    engine,
    speech: new EspeakTextToSpeech({ cacheDirectory: media.promptDirectory }),
    close: () => engine.close(),
  };
}
