import { config } from '../config.ts';

/** Must accompany cookie-authenticated GraphQL requests (the server's CSRF guard). */
const CSRF_HEADER = 'x-ringscope-csrf';

/** A failed API call: `code` is the GraphQL `extensions.code` (or HTTP/NETWORK). */
export class ApiRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

type Body<T> = { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };

/** Fired on `window` when the API says the session is gone, so the app can show sign-in. */
export const SIGNED_OUT_EVENT = 'ringscope:signed-out';

/** Runs a GraphQL document with the session cookie; throws ApiRequestError on any error. */
export async function graphql<T>(
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(config.graphqlPath, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiRequestError(
      'NETWORK',
      'The RingScope server did not answer. Check that it is running (npm start) and retry.',
    );
  }
  const body = (await response.json().catch(() => ({}))) as Body<T>;
  const first = body.errors?.[0];
  if (first) {
    const code = first.extensions?.code ?? `HTTP_${response.status}`;
    if (code === 'UNAUTHENTICATED') window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
    throw new ApiRequestError(code, first.message);
  }
  if (!response.ok || !body.data) {
    throw new ApiRequestError(`HTTP_${response.status}`, `The server answered ${response.status}.`);
  }
  return body.data;
}
