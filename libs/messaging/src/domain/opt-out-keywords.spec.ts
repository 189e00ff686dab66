import { describe, expect, it } from 'vitest';
import { TemplateMissingFieldsError } from './messaging.errors';
import { classifyKeyword, keywordReply } from './opt-out-keywords';

describe('classifyKeyword', () => {
  it.each(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'])('opts out on %s', (keyword) => {
    expect(classifyKeyword(keyword)).toBe('opt_out');
  });

  it.each(['START', 'UNSTOP', 'YES'])('opts in on %s', (keyword) => {
    expect(classifyKeyword(keyword)).toBe('opt_in');
  });

  it.each(['HELP', 'INFO'])('asks for help on %s', (keyword) => {
    expect(classifyKeyword(keyword)).toBe('help');
  });

  it('ignores letter case and surrounding whitespace', () => {
    expect(['stop ', ' Stop', '\tsToP\n', 'unsubscribe', ' help '].map(classifyKeyword)).toEqual([
      'opt_out',
      'opt_out',
      'opt_out',
      'opt_out',
      'help',
    ]);
  });

  it('matches only a message that is the keyword alone', () => {
    expect(
      ['please stop', 'stop it', 'STOP!', 'st op', 'yes please', 'helpful', ''].map(classifyKeyword),
    ).toEqual([null, null, null, null, null, null, null]);
  });
});

describe('keywordReply', () => {
  it('confirms an opt-out and an opt-in with the account name', () => {
    expect(keywordReply('opt_out', { accountName: 'Acme' })).toBe(
      'Acme: You are unsubscribed and will receive no further messages. Reply START to resubscribe.',
    );
    expect(keywordReply('opt_in', { accountName: 'Acme' })).toBe(
      'Acme: You are subscribed again. Reply HELP for help, STOP to unsubscribe.',
    );
  });

  it("answers help with the account's help text, or a default", () => {
    expect(keywordReply('help', { accountName: 'Acme', helpText: 'Call 555-0100.' })).toBe(
      'Acme: Call 555-0100. Msg & data rates may apply. Reply STOP to unsubscribe.',
    );
    expect(keywordReply('help', { accountName: 'Acme' })).toBe(
      'Acme: Contact us for help. Msg & data rates may apply. Reply STOP to unsubscribe.',
    );
  });

  it('uses a custom reply and reports merge fields it cannot fill', () => {
    const replies = { opt_out: 'Bye from {{accountName}}.', help: '{{helpText}}' };
    expect(keywordReply('opt_out', { accountName: 'Acme', replies })).toBe('Bye from Acme.');
    expect(() => keywordReply('help', { accountName: 'Acme', replies })).toThrow(TemplateMissingFieldsError);
  });
});
