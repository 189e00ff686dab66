import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EspeakTextToSpeech,
  InvalidSpeechRequestError,
  type PromptIdentity,
  promptCacheKey,
} from './espeak-text-to-speech.adapter';
import { FakeAudioTools } from './fake-audio-tools';
import { telephonyWavOptions } from './telephony-audio';

const identity = fc.record({
  text: fc.string(),
  voice: fc.option(fc.string()),
  language: fc.string(),
  engineVersion: fc.string(),
  format: fc.string(),
});

describe('promptCacheKey', () => {
  const prompt: PromptIdentity = {
    text: 'Welcome to Switchyard',
    voice: null,
    language: 'en-us',
    engineVersion: 'eSpeak NG 1.51',
    format: telephonyWavOptions.join(' '),
  };

  it('is a hex SHA-256 that stays the same for the same prompt', () => {
    expect(promptCacheKey(prompt)).toMatch(/^[0-9a-f]{64}$/);
    expect(promptCacheKey({ ...prompt })).toBe(promptCacheKey(prompt));
  });

  it.each([
    { text: 'Goodbye' },
    { voice: 'f3' },
    { language: 'en-gb' },
    { engineVersion: 'eSpeak NG 1.52' },
    { format: '-t wav -r 8000 -c 1 -b 16 -e signed-integer' },
  ])('changes when %j changes', (change) => {
    expect(promptCacheKey({ ...prompt, ...change })).not.toBe(promptCacheKey(prompt));
  });

  it('never gives two different prompts the same key, however their fields split the characters', () => {
    fc.assert(
      fc.property(identity, identity, (first, second) => {
        fc.pre(JSON.stringify(first) !== JSON.stringify(second));
        expect(promptCacheKey(first)).not.toBe(promptCacheKey(second));
      }),
    );
    expect(promptCacheKey({ ...prompt, text: 'b', language: 'a' })).not.toBe(
      promptCacheKey({ ...prompt, text: '', language: 'ab' }),
    );
  });
});

describe('EspeakTextToSpeech with fake binaries', () => {
  let cacheDirectory: string;

  beforeEach(async () => {
    cacheDirectory = await mkdtemp(path.join(tmpdir(), 'sy-speech-'));
  });
  afterEach(() => rm(cacheDirectory, { recursive: true, force: true }));

  it('synthesizes concurrent requests for one prompt once and hands every caller the same file', async () => {
    const tools = new FakeAudioTools({ held: true });
    const speech = new EspeakTextToSpeech({ cacheDirectory, runner: tools.runner });

    const requests = [
      speech.synthesize({ text: 'Press 1 for sales' }),
      speech.synthesize({ text: ' Press 1 for sales ', language: 'en-US' }),
      speech.synthesize({ text: 'Press 1 for sales', language: 'en-us' }),
      speech.synthesize({ text: 'Press 2 for support' }),
    ];
    await new Promise((resolve) => setImmediate(resolve));
    tools.release();
    const [first, second, third, other] = await Promise.all(requests);

    expect(tools.syntheses()).toBe(2);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(other!.file).not.toBe(first!.file);
    expect(first).toEqual({ file: expect.stringMatching(/[0-9a-f]{64}\.wav$/), durationMs: 1200 });
    expect(path.dirname(first!.file)).toBe(cacheDirectory);
  });

  it('has sox write the mu-law telephony WAV, under a key that names that format', async () => {
    const tools = new FakeAudioTools();
    const speech = new EspeakTextToSpeech({ cacheDirectory, runner: tools.runner });

    const prompt = await speech.synthesize({ text: 'Hello' });

    const sox = tools.runs.find((run) => run.command === 'sox')!;
    expect(sox.args.slice(1, -1)).toEqual(['-t', 'wav', '-r', '8000', '-c', '1', '-e', 'mu-law']);
    const key = promptCacheKey({
      text: 'Hello',
      voice: null,
      language: 'en-us',
      engineVersion: 'eSpeak NG text-to-speech: 1.51  Data at: /fake',
      format: '-t wav -r 8000 -c 1 -e mu-law',
    });
    expect(prompt.file).toBe(path.join(cacheDirectory, `${key}.wav`));
  });

  it('serves a prompt synthesized earlier from disk, even to a new instance, reading the version once each', async () => {
    const tools = new FakeAudioTools();
    const first = await new EspeakTextToSpeech({ cacheDirectory, runner: tools.runner }).synthesize({
      text: 'Hello',
    });
    const again = new EspeakTextToSpeech({ cacheDirectory, runner: tools.runner });

    expect(await again.synthesize({ text: 'Hello' })).toEqual(first);
    expect(await again.synthesize({ text: 'Hello' })).toEqual(first);
    expect(tools.syntheses()).toBe(1);
    expect(tools.runs.filter((run) => run.args[0] === '--version')).toHaveLength(2);
  });

  it('passes the language and voice variant to espeak-ng and keeps leading dashes as text', async () => {
    const tools = new FakeAudioTools();
    const speech = new EspeakTextToSpeech({ cacheDirectory, runner: tools.runner, defaultLanguage: 'en-GB' });

    await speech.synthesize({ text: '-w /etc/passwd', voice: 'f3' });

    const spoken = tools.runs.find((run) => run.command === 'espeak-ng' && run.args.includes('-w'))!;
    expect(spoken.args).toEqual(['-v', 'en-gb+f3', '-w', expect.any(String), '--', '-w /etc/passwd']);
  });

  it('leaves no file behind when synthesis fails, and tries again on the next request', async () => {
    const tools = new FakeAudioTools();
    tools.failNextSynthesis = true;
    const speech = new EspeakTextToSpeech({ cacheDirectory, runner: tools.runner });

    await expect(speech.synthesize({ text: 'Hello' })).rejects.toThrow('espeak-ng crashed');
    expect(await readdir(cacheDirectory)).toEqual([]);

    const result = await speech.synthesize({ text: 'Hello' });
    expect(await readdir(cacheDirectory)).toEqual([path.basename(result.file)]);
    expect(tools.syntheses()).toBe(2);
  });

  it.each([
    [{ text: '   ' }, 'the text is empty'],
    [{ text: 'Hi', language: 'en us' }, 'is not a language tag'],
    [{ text: 'Hi', voice: '../f3' }, 'is not a voice name'],
  ])('refuses %j', async (request, reason) => {
    const tools = new FakeAudioTools();
    const speech = new EspeakTextToSpeech({ cacheDirectory, runner: tools.runner });

    await expect(speech.synthesize(request)).rejects.toThrow(InvalidSpeechRequestError);
    await expect(speech.synthesize(request)).rejects.toThrow(reason);
    expect(tools.runs).toEqual([]);
  });
});
