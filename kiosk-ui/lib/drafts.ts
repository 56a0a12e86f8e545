/**
 * Work in progress kept in memory only, so a form survives an expired session: the clerk signs in
 * again and finds what they had typed. Drafts hold personal data (the applicant's name, ID number,
 * address), so they never touch localStorage or sessionStorage: closing or reloading the tab forgets
 * them. Each draft belongs to the staff account that typed it and is only ever given back to that
 * account; another account signing in on this page forgets every draft, and so does an explicit
 * sign-out (see components/session.ts).
 */

interface Draft {
  readonly owner: string;
  readonly value: unknown;
}

const drafts = new Map<string, Draft>();

/** Keeps `value` as `owner`'s draft of `name` (one draft per name: the latest replaces the last). */
export function keepDraft<T>(name: string, owner: string, value: T): void {
  drafts.set(name, { owner, value });
}

/** `owner`'s draft of `name`, or undefined when there is none or another account typed it. */
export function draftOf<T>(name: string, owner: string): T | undefined {
  const draft = drafts.get(name);
  return draft && draft.owner === owner ? (draft.value as T) : undefined;
}

/** Whether anyone's draft of `name` is being kept (not whose: that is for the owner to find out). */
export function hasDraft(name: string): boolean {
  return drafts.has(name);
}

export function forgetDraft(name: string): void {
  drafts.delete(name);
}

/** On an explicit sign-out. */
export function forgetAllDrafts(): void {
  drafts.clear();
}

/** When someone signs in: drafts typed by any other account are dropped, never shown to this one. */
export function forgetDraftsNotOwnedBy(owner: string): void {
  for (const [name, draft] of drafts) if (draft.owner !== owner) drafts.delete(name);
}
