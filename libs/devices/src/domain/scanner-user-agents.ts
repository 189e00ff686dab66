/** Recognizes the User-Agent of SIP scanners (SIPVicious' `friendly-scanner`, sipcli, ...) by case-insensitive fragments. */
export class ScannerUserAgents {
  private readonly fragments: readonly string[];

  constructor(fragments: readonly string[]) {
    this.fragments = fragments
      .map((fragment) => fragment.toLowerCase())
      .filter((fragment) => fragment !== '');
  }

  matches(userAgent: string | undefined): boolean {
    if (!userAgent) return false;
    const lower = userAgent.toLowerCase();
    return this.fragments.some((fragment) => lower.includes(fragment));
  }
}
