// A test call "from outside": plays the PSTN caller behind the carrier trunk over real UDP (SIP, and RTP with PCMU and
// RFC 2833), so a demo hears a purchased number's flow. The sip app answers it as a carrier call only when the
// caller's address is in SIP_TRUSTED_SOURCES.
// Usage: npm run test-call -- +15551234567 [--to-host 127.0.0.1:5060] [--from +15005550006] [--digits 1]
//          [--digits-after <seconds>] [--seconds 20] [--out heard.wav] [--local-address <ip>] [--media-host <host>]
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { encodeMuLawWav } from '@switchyard/media';
import { defaultCallerNumber, placeTestCall } from '../libs/testing/src/sip-udp-caller';

const usage =
  'usage: npm run test-call -- <number> [--to-host host:port] [--from number] [--digits 123#] ' +
  '[--digits-after seconds] [--seconds 20] [--out heard.wav] [--local-address ip] [--media-host host]';

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

function e164(value: string, what: string): string {
  const parsed = parsePhoneNumberFromString(value);
  // possible rather than valid: fictional 555 numbers are fine for a test call
  if (!parsed?.isPossible()) fail(`${what} is not a phone number in E.164 form (+15551234567): ${value}`);
  return parsed.number;
}

function seconds(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) fail(`--${what} must be a number of seconds: ${value}`);
  return parsed * 1000;
}

function hostPort(value: string): { host: string; port: number } {
  const match = /^([^:]+)(?::(\d{1,5}))?$/.exec(value);
  if (!match?.[1]) fail(`--to-host must be host or host:port: ${value}`);
  return { host: match[1], port: Number(match[2] ?? 5060) };
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'to-host': { type: 'string', default: '127.0.0.1:5060' },
    from: { type: 'string', default: defaultCallerNumber },
    digits: { type: 'string' },
    'digits-after': { type: 'string' },
    seconds: { type: 'string', default: '20' },
    out: { type: 'string' },
    'local-address': { type: 'string' },
    'media-host': { type: 'string' },
  },
});
if (positionals.length !== 1) fail('give exactly one number to call');
if (values.digits !== undefined && !/^[0-9*#]+$/.test(values.digits)) {
  fail(`--digits takes 0-9, * and #: ${values.digits}`);
}

async function main(): Promise<void> {
  const result = await placeTestCall({
    to: e164(positionals[0]!, 'the number to call'),
    from: e164(values.from, '--from'),
    server: hostPort(values['to-host']),
    localAddress: values['local-address'],
    mediaHost: values['media-host'],
    digits: values.digits,
    digitsAfterMs: seconds(values['digits-after'], 'digits-after'),
    durationMs: seconds(values.seconds, 'seconds')!,
    onTranscript: (line) => console.log(line),
  }).catch((error: unknown) => fail(`the call failed: ${(error as Error).message}`));

  if (values.out !== undefined && result.hangup !== undefined) {
    await writeFile(values.out, encodeMuLawWav(result.heard));
    console.log(`wrote ${(result.heard.length / 8000).toFixed(1)} s of what was heard to ${values.out}`);
  }
  process.exitCode = result.hangup === undefined ? 1 : 0;
}

void main();
