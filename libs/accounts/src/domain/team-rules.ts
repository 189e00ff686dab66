/** Team names compare after trimming and collapsing inner whitespace, so "Support " and "Support" are one team. */
export function normalizeTeamName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

export const teamNameMaxLength = 100;
