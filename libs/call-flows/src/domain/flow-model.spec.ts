import { describe, expect, it } from 'vitest';
import { exitTarget, type FlowNode, isExitAllowed, requiredExits } from './flow-model';

const menu: FlowNode = {
  id: 'menu',
  kind: 'menu',
  prompt: { type: 'audio', audioId: 'greeting' },
  timeoutSeconds: 5,
  interDigitTimeoutSeconds: 2,
  maxDigits: 4,
  maxRetries: 1,
  options: { '1': 'Sales', '#': 'Operator' },
  directDial: true,
  exits: { 'digit:1': 'sales', 'digit:#': null },
};

const schedule: FlowNode = { id: 'hours', kind: 'schedule', scheduleId: 's1', exits: { open: 'menu' } };

describe('flow model exits', () => {
  it("derives a menu's exits from its options and direct dialling", () => {
    expect(requiredExits(menu)).toEqual(['digit:1', 'digit:#', 'timeout', 'invalid', 'extension']);
    expect(isExitAllowed(menu, 'digit:2')).toBe(false);
    expect(isExitAllowed({ ...menu, directDial: false }, 'extension')).toBe(false);
  });

  it('allows keyed exception exits on schedule nodes only', () => {
    expect(requiredExits(schedule)).toEqual(['open', 'closed']);
    expect(isExitAllowed(schedule, 'exception:bank-holiday')).toBe(true);
    expect(isExitAllowed(schedule, 'exception:')).toBe(false);
    expect(isExitAllowed({ id: 'p', kind: 'play', prompt: menu.prompt, exits: {} }, 'exception:x')).toBe(
      false,
    );
  });

  it('ends the call at a null or absent exit', () => {
    expect([exitTarget(menu, 'digit:1'), exitTarget(menu, 'digit:#'), exitTarget(menu, 'timeout')]).toEqual([
      'sales',
      null,
      null,
    ]);
    expect(exitTarget(schedule, 'toString')).toBeNull();
  });
});
