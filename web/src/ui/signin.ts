import { signIn } from '../api/session.ts';
import type { Session } from '../api/types.ts';
import { h, replace } from './dom.ts';

/**
 * The sign-in form shown without a session: an API key is exchanged for a session cookie
 * (like opening the app with `?token=KEY`, which `npm start` prints).
 */
export function showSignIn(
  root: HTMLElement,
  notice: string | null,
  onSignedIn: (session: Session) => void,
): void {
  const error = h('p', { class: 'error', role: 'alert' }, notice ?? '');
  const input = h('input', {
    type: 'password',
    name: 'key',
    autocomplete: 'current-password',
    required: true,
    placeholder: 'API key',
    'aria-label': 'API key',
  });
  const form = h(
    'form',
    {
      class: 'signin',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        error.textContent = 'Signing in…';
        const result = await signIn(input.value.trim());
        if (typeof result === 'string') {
          error.textContent = result;
          input.select();
        } else onSignedIn(result);
      },
    },
    h('h1', {}, 'RingScope 团伙侦查'),
    h(
      'p',
      {},
      'Sign in with an API key (RINGSCOPE_API_KEYS). `npm start` prints a link that signs you in.',
    ),
    input,
    h('button', { type: 'submit' }, 'Sign in 登录'),
    error,
  );
  replace(root, form);
  input.focus();
}
