import { ApiRequestError } from '../api/client.ts';
import { message, replace } from './dom.ts';

const HINTS: Record<string, string> = {
  NETWORK: 'Check that the server is running (npm start), then reload.',
  FORBIDDEN: 'Your key’s role does not allow this; sign in with an investigator or analyst key.',
  TIMEOUT: 'The database took too long; narrow the request and retry.',
  GRAPHQL_VALIDATION_FAILED: 'This server’s API does not offer it yet; update the server.',
  HTTP_400: 'This server’s API does not offer it yet; update the server.',
};

/** An API error as a message that says what to do. */
export function errorMessage(error: unknown, what: string): HTMLElement {
  if (error instanceof ApiRequestError) {
    return message(
      'error',
      `${what} ${error.message}`,
      HINTS[error.code] ?? 'Retry, or reload the page.',
    );
  }
  return message(
    'error',
    `${what} ${String(error)}`,
    'Reload the page; if it persists, check the server log.',
  );
}

/**
 * Loads a list into `target`: a loading line first, then the list, or an error / empty state
 * that says what to do (and undefined, so the caller stops).
 */
export async function loadList<T>(
  target: HTMLElement,
  load: () => Promise<T[]>,
  texts: { failed: string; empty: string; emptyHint: string },
): Promise<T[] | undefined> {
  replace(target, message('loading', 'Loading…'));
  let items: T[];
  try {
    items = await load();
  } catch (error) {
    replace(target, errorMessage(error, texts.failed));
    return undefined;
  }
  if (items.length === 0) {
    replace(target, message('empty', texts.empty, texts.emptyHint));
    return undefined;
  }
  return items;
}
