import type { Plugin } from 'graphql-yoga';
import { ApiError } from './errors.ts';

const CONTENT_LENGTH = /^\d+$/;

/** Why a request body's declared size is refused (HTTP status and message); undefined if it is not. */
export function bodySizeProblem(
  request: Request,
  maxBytes: number,
): { status: number; message: string } | undefined {
  const declared = request.headers.get('content-length');
  if (declared === null) {
    if (request.body === null) return undefined;
    return {
      status: 411,
      message:
        'Send the request body with a Content-Length header (bodies of unknown length are refused).',
    };
  }
  if (!CONTENT_LENGTH.test(declared)) {
    return {
      status: 400,
      message: `Content-Length must be one whole number of bytes, not ${JSON.stringify(declared.slice(0, 40))}.`,
    };
  }
  if (Number(declared) > maxBytes) {
    return {
      status: 413,
      message: `The request body has ${declared} bytes; at most ${maxBytes} are accepted.`,
    };
  }
  return undefined;
}

/**
 * Refuses request bodies over `maxBytes` from their `Content-Length`, and bodies that do not
 * declare one. Node's HTTP parser reads exactly the declared length, so the header is the size.
 * It replaces Yoga's own limit, which pipes every body through a counting stream and a second
 * Request: about a tenth of a millisecond per call, a tenth of a membership lookup's time.
 */
export function useBodyLimit(maxBytes: number): Plugin {
  return {
    onRequestParse({ request }) {
      const problem = bodySizeProblem(request, maxBytes);
      if (!problem) return;
      const hint = problem.status === 413 ? ' Split a long id list into several calls.' : '';
      throw new ApiError('BAD_USER_INPUT', problem.message + hint, problem.status);
    },
  };
}
