import type { Session } from './types.ts';

/** Who is signed in, or null. */
export async function currentSession(): Promise<Session | null> {
  const response = await fetch('/session', { credentials: 'same-origin' });
  return response.ok ? ((await response.json()) as Session) : null;
}

/** Exchanges an API key for a session cookie; returns an error message when refused. */
export async function signIn(key: string): Promise<Session | string> {
  const response = await fetch('/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key }),
  });
  const body = (await response.json().catch(() => ({}))) as Partial<Session> & { error?: string };
  if (response.ok && body.name && body.role) return { name: body.name, role: body.role };
  return body.error ?? `Sign-in failed (${response.status}).`;
}

export async function signOut(): Promise<void> {
  await fetch('/session', { method: 'DELETE', credentials: 'same-origin' });
}
