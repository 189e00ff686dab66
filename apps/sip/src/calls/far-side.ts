import type Srf from 'drachtio-srf';

/** drachtio-srf's dialogs, with the state flag its published types leave out. */
export type SipDialog = Srf.Dialog & { readonly connected: boolean };

/** The answered far end of a call: a SIP dialog the app opened, or the sandbox carrier's simulated party. */
export interface FarSide {
  readonly legId: string;
  /** The party's tag in the media engine: its dialog's remote tag. */
  readonly tag: string;
  /** The SIP dialog with the party; none for a simulated one. */
  readonly dialog?: SipDialog;
  /** Ends the far side (BYE) unless it already ended. */
  hangUp(): void;
  /** Called once when the far side ends by itself; not called for `hangUp`. */
  onEnded(listener: () => void): void;
}

/** A far side reached over SIP: the dialog of the INVITE the app sent. */
export function dialogFarSide(legId: string, dialog: Srf.Dialog): FarSide {
  let state: 'up' | 'hung_up' | 'ended' = 'up';
  let endedListener: (() => void) | undefined;
  dialog.on('destroy', () => {
    if (state !== 'up') return;
    state = 'ended';
    endedListener?.();
  });
  return {
    legId,
    // Read when needed: a dialog's tags are known once it is established.
    get tag() {
      return dialog.sip.remoteTag;
    },
    dialog: dialog as SipDialog,
    hangUp() {
      if (state !== 'up') return;
      state = 'hung_up';
      dialog.destroy();
    },
    onEnded(listener) {
      // The far side may have hung up while the caller's side was still being answered.
      if (state === 'ended') listener();
      else endedListener = listener;
    },
  };
}

/** The sandbox carrier's answered party: it never hangs up by itself. */
export function simulatedFarSide(legId: string): FarSide {
  return { legId, tag: 'sandbox', hangUp: () => undefined, onEnded: () => undefined };
}
