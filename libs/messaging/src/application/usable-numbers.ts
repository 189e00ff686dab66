import { type Principal } from '@switchyard/auth';
import { type NumberAccess } from '@switchyard/numbers';

/** The ids of the numbers an agent may use; undefined for everyone else, who may use all of the account's. */
export async function usableNumberIds(
  access: NumberAccess,
  principal: Principal,
): Promise<ReadonlySet<string> | undefined> {
  const visibility = await access.visibilityOf(principal);
  if (visibility.kind === 'all') return undefined;
  return access.numberIdsSharedWith(principal.accountId, visibility.userId);
}
