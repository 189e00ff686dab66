/** How the sandbox carrier's far end treats an outbound call. */
export type FarEndOutcome =
  | { readonly kind: 'answer'; readonly ringMs: number }
  | { readonly kind: 'reject'; readonly ringMs: number; readonly sipStatus: number; readonly reason: string };

/**
 * Magic endings of the national significant number, like a test carrier's far end:
 *
 * | ends in | outcome                                   | rings for | call status |
 * |---------|-------------------------------------------|-----------|-------------|
 * | 0486    | 486 Busy Here                             | 500 ms    | busy        |
 * | 0480    | 480 Temporarily Unavailable (no answer)   | 2000 ms   | no_answer   |
 * | 0404    | 404 Not Found                             | 0 ms      | failed      |
 * | 0503    | 503 Service Unavailable                   | 0 ms      | failed      |
 * | other   | 200 OK, answered                          | 200 ms    | answered    |
 */
const magicEndings: Readonly<Record<string, FarEndOutcome>> = {
  '0486': { kind: 'reject', ringMs: 500, sipStatus: 486, reason: 'Busy Here' },
  '0480': { kind: 'reject', ringMs: 2000, sipStatus: 480, reason: 'Temporarily Unavailable' },
  '0404': { kind: 'reject', ringMs: 0, sipStatus: 404, reason: 'Not Found' },
  '0503': { kind: 'reject', ringMs: 0, sipStatus: 503, reason: 'Service Unavailable' },
};

const answered: FarEndOutcome = { kind: 'answer', ringMs: 200 };

/**
 * What the sandbox far end does with a call to an E.164 number. The national significant number is the tail of the
 * E.164 form, so its last four digits are the E.164's last four.
 */
export function sandboxFarEndOutcome(e164: string): FarEndOutcome {
  return magicEndings[e164.slice(-4)] ?? answered;
}
