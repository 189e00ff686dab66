/**
 * What happens to calls or messages reaching a number, kept generic: the flow a call-flow runs, a user's devices or
 * inbox, or another number. The flow reference is checked by the call-flows context, which executes it.
 */
export type NumberHandling =
  | { readonly type: 'flow'; readonly flowId: string }
  | { readonly type: 'user'; readonly userId: string }
  | { readonly type: 'forward'; readonly to: string };

export const NUMBER_HANDLING_TYPES = ['flow', 'user', 'forward'] as const;
