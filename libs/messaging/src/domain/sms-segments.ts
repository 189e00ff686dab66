import { TooManySegmentsError } from './messaging.errors';

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SmsSegmentation {
  readonly encoding: SmsEncoding;
  readonly segments: number;
  /** Unicode code points, so an emoji counts as one character. */
  readonly characters: number;
  /** Septets for GSM-7 (an extension character takes two), UTF-16 code units for UCS-2. */
  readonly unitsUsed: number;
  /** What still fits in the last segment before another one is needed. */
  readonly unitsRemainingInSegment: number;
}

/** Longer messages are refused: carriers drop or truncate beyond this and the cost surprises customers. */
export const MAX_SEGMENTS = 10;

/** Units one segment carries; a concatenated segment spends some of them on the header that joins the parts. */
export const SEGMENT_CAPACITY: Readonly<Record<SmsEncoding, { single: number; concatenated: number }>> = {
  gsm7: { single: 160, concatenated: 153 },
  ucs2: { single: 70, concatenated: 67 },
};

// The GSM 03.38 default alphabet in table order, leaving out the escape (0x1B) that introduces the extension table.
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// Each is sent as the escape plus one septet.
const GSM7_EXTENSION = new Set('\f^{}\\[]~|€');

interface Segment {
  readonly text: string;
  readonly units: number;
}

/** How a text travels as SMS: its encoding, and how many segments it is billed as. */
export function segmentSms(text: string): SmsSegmentation {
  const { encoding, segments } = pack(text);
  const capacity = SEGMENT_CAPACITY[encoding];
  const perSegment = segments.length > 1 ? capacity.concatenated : capacity.single;
  return {
    encoding,
    segments: segments.length,
    characters: Array.from(text).length,
    unitsUsed: segments.reduce((sum, segment) => sum + segment.units, 0),
    unitsRemainingInSegment: perSegment - (segments.at(-1)?.units ?? 0),
  };
}

/** The parts a handset receives, never cutting an extension character or a surrogate pair in two. */
export function splitSmsSegments(text: string): string[] {
  return pack(text).segments.map((segment) => segment.text);
}

export function tooManySegments(segmentation: SmsSegmentation, maxSegments = MAX_SEGMENTS): boolean {
  return segmentation.segments > maxSegments;
}

/** Segments a text, throwing {@link TooManySegmentsError} when it is too long to send. */
export function assertSegmentLimit(text: string, maxSegments = MAX_SEGMENTS): SmsSegmentation {
  const segmentation = segmentSms(text);
  if (tooManySegments(segmentation, maxSegments)) {
    throw new TooManySegmentsError(segmentation.segments, maxSegments);
  }
  return segmentation;
}

function pack(text: string): { encoding: SmsEncoding; segments: Segment[] } {
  // Iterating a string yields code points, so a surrogate pair stays one item.
  const characters = Array.from(text);
  const encoding = characters.every((char) => GSM7_BASIC.has(char) || GSM7_EXTENSION.has(char))
    ? 'gsm7'
    : 'ucs2';
  const unitsOf = (char: string): number =>
    encoding === 'ucs2' ? char.length : GSM7_EXTENSION.has(char) ? 2 : 1;
  const totalUnits = characters.reduce((sum, char) => sum + unitsOf(char), 0);
  if (totalUnits === 0) return { encoding, segments: [] };
  if (totalUnits <= SEGMENT_CAPACITY[encoding].single) {
    return { encoding, segments: [{ text, units: totalUnits }] };
  }
  const capacity = SEGMENT_CAPACITY[encoding].concatenated;
  const segments: Segment[] = [];
  let current: Segment = { text: '', units: 0 };
  for (const char of characters) {
    const units = unitsOf(char);
    if (current.units + units > capacity) {
      segments.push(current);
      current = { text: '', units: 0 };
    }
    current = { text: current.text + char, units: current.units + units };
  }
  segments.push(current);
  return { encoding, segments };
}
