import { renderTemplate } from './message-template';

export const KEYWORD_ACTIONS = ['opt_out', 'opt_in', 'help'] as const;
export type KeywordAction = (typeof KEYWORD_ACTIONS)[number];

/** The industry-standard keywords carriers expect every sender to honour. */
export const COMPLIANCE_KEYWORDS: Readonly<Record<KeywordAction, readonly string[]>> = {
  opt_out: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'],
  opt_in: ['START', 'UNSTOP', 'YES'],
  help: ['HELP', 'INFO'],
};

/** Merge fields: `{{accountName}}` and `{{helpText}}`. */
export const DEFAULT_KEYWORD_REPLIES: Readonly<Record<KeywordAction, string>> = {
  opt_out:
    '{{accountName}}: You are unsubscribed and will receive no further messages. Reply START to resubscribe.',
  opt_in: '{{accountName}}: You are subscribed again. Reply HELP for help, STOP to unsubscribe.',
  help: '{{accountName}}: {{ helpText | "Contact us for help." }} Msg & data rates may apply. Reply STOP to unsubscribe.',
};

export interface KeywordReplySettings {
  readonly accountName: string;
  readonly helpText?: string;
  /** Replaces the default reply for an action; the same merge fields apply. */
  readonly replies?: Partial<Record<KeywordAction, string>>;
}

/**
 * The action an inbound message asks for, or null. Only a message consisting of the keyword alone counts,
 * in any letter case and with any surrounding whitespace: "stop " opts out, "please stop" does not.
 */
export function classifyKeyword(text: string): KeywordAction | null {
  const keyword = text.trim().toUpperCase();
  return KEYWORD_ACTIONS.find((action) => COMPLIANCE_KEYWORDS[action].includes(keyword)) ?? null;
}

/** The confirmation to send back for a keyword. */
export function keywordReply(action: KeywordAction, settings: KeywordReplySettings): string {
  const template = settings.replies?.[action] ?? DEFAULT_KEYWORD_REPLIES[action];
  return renderTemplate(template, { accountName: settings.accountName, helpText: settings.helpText });
}
