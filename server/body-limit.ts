import type { Plugin } from 'graphql-yoga';
import { ApiError } from './errors.ts';

const CONTENT_LENGTH = /^\d+$/;

/**
 * Refuses request bodies over `maxBytes` from their `Content-Length`, and bodies that do not
 * declare one. Node's HTTP parser reads exactly the declared length, so the header is the size.
 * It replaces Yoga's own limit, which pipes every body through a counting stream and a second
 * Request: about a tenth of a millisecond per call, a tenth of a membership lookup's time.
 */
export function useBodyLimit(maxBytes: number): Plugin {
  return {
    onRequestParse({ request }) {
      const declared = request.headers.get('content-length');
      if (declared === null) {
        if (request.body === null) return;
        throw new ApiError(
          'BAD_USER_INPUT',
          'Send the request body with a Content-Length header (bodies of unknown length are refused).',
          411,
        );
      }
      if (!CONTENT_LENGTH.test(declared)) {
        throw new ApiError(
          'BAD_USER_INPUT',
          `Content-Length must be one whole number of bytes, not ${JSON.stringify(declared.slice(0, 40))}.`,
          400,
        );
      }
      if (Number(declared) > maxBytes) {
        throw new ApiError(
          'BAD_USER_INPUT',
          `The request body has ${declared} bytes; at most ${maxBytes} are accepted (split a long id list into several calls).`,
          413,
        );
      }
    },
  };
}
