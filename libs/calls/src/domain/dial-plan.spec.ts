import { describe, expect, it } from 'vitest';
import { classifyDialed } from './dial-plan';

const londonNumber = { kind: 'number', e164: '+442079460018', country: 'GB' };
const sanFranciscoNumber = { kind: 'number', e164: '+14155550123', country: 'US' };

describe('classifyDialed', () => {
  it.each(['4155550123', '(415) 555-0123', '1 415 555 0123', '415.555.0123', '+1 415-555-0123'])(
    'reads %s from the US as a San Francisco number',
    (dialed) => {
      expect(classifyDialed(dialed, 'US')).toEqual(sanFranciscoNumber);
    },
  );

  it.each([
    ['+44 20 7946 0018', 'US'],
    ['011 44 20 7946 0018', 'US'],
    ['00 44 20 7946 0018', 'GB'],
    ['020 7946 0018', 'GB'],
  ])('reads %s from %s as a London number', (dialed, country) => {
    expect(classifyDialed(dialed, country)).toEqual(londonNumber);
  });

  it('reads 011 from the UK as a national number, since it is not the UK international prefix', () => {
    expect(classifyDialed('0113 496 0000', 'GB')).toEqual({
      kind: 'number',
      e164: '+441134960000',
      country: 'GB',
    });
  });

  it('takes the country of a number inside a shared calling code from the numbering plan', () => {
    expect(classifyDialed('876 555 0123', 'US')).toMatchObject({ kind: 'number', country: 'JM' });
  });

  it('keeps a number of possible length in an unassigned range, with an unknown country', () => {
    expect(classifyDialed('+1 555 555 0123', 'US')).toEqual({
      kind: 'number',
      e164: '+15555550123',
      country: null,
    });
  });

  it.each([
    ['101', '101'],
    ['1', '1'],
    ['12-34-56', '123456'],
    ['alice', 'alice'],
    ['alice.smith', 'alice.smith'],
    ['front-desk_2', 'front-desk_2'],
    // Emergency calling is not offered: these are extensions like any other short digit string.
    ['911', '911'],
    ['112', '112'],
    ['999', '999'],
  ])('reads %s as extension %s', (dialed, extension) => {
    expect(classifyDialed(dialed, 'US')).toEqual({ kind: 'extension', extension });
  });

  it.each(['+999', '+1 555', '', '   ', '5550123', '*97', 'alice smith', 'a'.repeat(65), '+1 800 FLOWERS'])(
    'refuses %j with a reason',
    (dialed) => {
      const target = classifyDialed(dialed, 'US');
      expect(target.kind).toBe('invalid');
      expect(target.kind === 'invalid' && target.reason).toMatch(/\.$/);
    },
  );

  it('says why an impossible number was refused', () => {
    expect(classifyDialed('+1 555', 'US')).toEqual({
      kind: 'invalid',
      reason: '"+1 555" is not a dialable phone number: too short.',
    });
  });
});
