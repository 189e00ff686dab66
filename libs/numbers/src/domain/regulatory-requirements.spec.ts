import { describe, expect, it } from 'vitest';
import {
  needsRequirementSubmission,
  REGULATORY_REQUIREMENTS,
  regulatoryRequirementFor,
  reviewSubmission,
} from './regulatory-requirements';

describe('regulatory requirements', () => {
  const gbLocal = regulatoryRequirementFor('GB', 'local');

  it('covers every supported country and type; GB local numbers need a UK address and its proof', () => {
    expect(REGULATORY_REQUIREMENTS).toHaveLength(9);
    expect(gbLocal).toMatchObject({
      documentTypes: ['proof_of_address'],
      addressRequired: true,
      localPresenceRequired: true,
    });
    expect(needsRequirementSubmission(gbLocal, false)).toBe(true);
    expect(needsRequirementSubmission(regulatoryRequirementFor('US', 'local'), false)).toBe(false);
    expect(needsRequirementSubmission(regulatoryRequirementFor('US', 'local'), true)).toBe(true);
  });

  it('approves a complete submission', () => {
    expect(reviewSubmission(gbLocal, { documentTypes: ['proof_of_address'], addressCountry: 'GB' })).toEqual({
      approved: true,
    });
  });

  it('names everything a submission lacks', () => {
    expect(reviewSubmission(gbLocal, { documentTypes: [] })).toEqual({
      approved: false,
      reason: 'missing documents: proof_of_address; no document was submitted; an address is required',
    });
    expect(reviewSubmission(gbLocal, { documentTypes: ['proof_of_address'], addressCountry: 'US' })).toEqual({
      approved: false,
      reason: 'the address must be in GB',
    });
  });
});
