import type { Plugin } from 'graphql-yoga';

/**
 * Yoga answers a GraphQL body it has no parser for (text/plain, no Content-Type) with a bare 415;
 * this gives that answer the JSON error shape and code every other refusal has, and the fix.
 */
export function useMediaTypeError(graphqlEndpoint: string): Plugin {
  return {
    onResponse({ request, response, setResponse }) {
      if (response.status !== 415 || new URL(request.url).pathname !== graphqlEndpoint) return;
      setResponse(
        Response.json(
          {
            errors: [
              {
                message:
                  'Send the request body as JSON with `Content-Type: application/json` (or use GET with a `query` parameter).',
                extensions: { code: 'BAD_REQUEST' },
              },
            ],
          },
          { status: 415, headers: response.headers },
        ),
      );
    },
  };
}
