import { describe, expect, it } from 'vitest';
import { chooseCallerId, type UsableNumber } from './caller-id';

const teamLine: UsableNumber = { id: 'num_team', phoneNumber: '+14155550100', sharedWithUser: false };
const ownLine: UsableNumber = { id: 'num_own', phoneNumber: '+14155550123', sharedWithUser: true };
const londonLine: UsableNumber = { id: 'num_london', phoneNumber: '+442079460018', sharedWithUser: false };
const usable = [teamLine, ownLine, londonLine];

describe('chooseCallerId', () => {
  it.each(['+442079460018', '+44 20 7946 0018', '011 44 20 7946 0018'])(
    'presents the requested number %s when the user may use it',
    (requested) => {
      expect(chooseCallerId(requested, usable, 'US')).toEqual({
        number: londonLine,
        requestedWasUsable: true,
      });
    },
  );

  it.each(['4155550100', '(415) 555-0100', '14155550100', '+14155550100'])(
    'reads the national or international form %s with the account country',
    (requested) => {
      expect(chooseCallerId(requested, usable, 'US')).toEqual({ number: teamLine, requestedWasUsable: true });
    },
  );

  it.each([null, 'alice', '101', '+14155559999', ''])(
    'falls back to the first directly shared number when %j is not usable',
    (requested) => {
      expect(chooseCallerId(requested, usable, 'US')).toEqual({ number: ownLine, requestedWasUsable: false });
    },
  );

  it('falls back to the first usable number when none is shared directly', () => {
    expect(chooseCallerId('alice', [teamLine, londonLine], 'US')).toEqual({
      number: teamLine,
      requestedWasUsable: false,
    });
  });

  it('has no caller ID without usable numbers', () => {
    expect(chooseCallerId('+14155550123', [], 'US')).toBeNull();
  });
});
