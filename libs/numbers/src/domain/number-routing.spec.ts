import { describe, expect, it } from 'vitest';
import { applyNumberRouting } from './number-routing';

describe('applyNumberRouting', () => {
  const owned = { phoneNumber: '+14152345678', voiceConnectionId: 'conn-1', messagingProfileId: 'profile-1' };

  it('keeps what the change leaves undefined', () => {
    expect(applyNumberRouting(owned, { voiceConnectionId: 'conn-2' })).toEqual({
      ...owned,
      voiceConnectionId: 'conn-2',
    });
  });

  it('removes what the change sets to null', () => {
    expect(applyNumberRouting(owned, { messagingProfileId: null })).toEqual({
      phoneNumber: '+14152345678',
      voiceConnectionId: 'conn-1',
    });
  });
});
