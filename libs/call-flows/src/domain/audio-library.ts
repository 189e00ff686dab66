/** Containers uploads come in; the transcoder reads each of them. */
export type AudioFormat = 'wav' | 'mp3' | 'ogg' | 'flac';

/** Content types the audio library accepts, by the container each names. */
export const AUDIO_UPLOAD_FORMATS: Readonly<Record<string, AudioFormat>> = {
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/mpeg': 'mp3',
  'audio/ogg': 'ogg',
  'audio/flac': 'flac',
};

export const AUDIO_UPLOAD_CONTENT_TYPES = Object.keys(AUDIO_UPLOAD_FORMATS);

/** Prompts and hold music run minutes at most; 20 MB is about 20 minutes of MP3 or 2 of CD-quality WAV. */
export const MAX_AUDIO_UPLOAD_BYTES = 20 * 1024 * 1024;

/** The media type alone, in lower case: 'Audio/WAV; rate=8000' becomes 'audio/wav'. */
export function audioContentTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}
