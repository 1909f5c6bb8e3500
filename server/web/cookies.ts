/** The session cookie's name; HttpOnly, so the app's scripts never see the session id. */
export const SESSION_COOKIE = 'ringscope_session';

/**
 * Header a cookie-authenticated GraphQL request must carry. A cross-origin page can only add it
 * after a CORS preflight, and the API's preflight never allows credentials, so a forged request
 * either lacks the header or the cookie.
 */
export const CSRF_HEADER = 'x-ringscope-csrf';

/** The value of one cookie in a `Cookie` header; undefined when absent. */
export function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name)
      return decodeURIComponent(part.slice(index + 1).trim());
  }
  return undefined;
}

/** `Set-Cookie` for a session id; `secure` when served over HTTPS. */
export function sessionCookie(id: string, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(id)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** `Set-Cookie` that removes the session cookie. */
export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}
