import { type EventData } from '@switchyard/contracts';

/**
 * Who may see an event on the live stream. Integrators' keys, owners and admins see all of their account's events;
 * agents see an event only when it concerns no number, or a number shared with them or their teams.
 */
export interface EventViewer {
  readonly seesAllNumbers: boolean;
  /** Ids of the numbers shared with the viewer (ignored when seesAllNumbers). */
  readonly sharedNumberIds: ReadonlySet<string>;
}

/** The number an event concerns: the number itself, or the one its resource refers to with `numberId`. */
export function numberIdOf(data: EventData): string | undefined {
  if (data.object === 'number' && typeof data.id === 'string') return data.id;
  return typeof data.numberId === 'string' ? data.numberId : undefined;
}

export function isEventVisible(viewer: EventViewer, data: EventData): boolean {
  if (viewer.seesAllNumbers) return true;
  const numberId = numberIdOf(data);
  return numberId === undefined || viewer.sharedNumberIds.has(numberId);
}
