import { h } from './dom.ts';

/** A modal question; resolves true for the confirming button, false for cancel or Esc. */
export function confirmDialog(question: string, detail: string, confirm: string): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h(
      'dialog',
      { class: 'confirm', 'aria-label': question },
      h('p', { class: 'question' }, question),
      h('p', { class: 'hint' }, detail),
      h(
        'form',
        { method: 'dialog' },
        h('button', { value: 'cancel', type: 'submit' }, 'Cancel'),
        h('button', { value: 'yes', type: 'submit', class: 'primary' }, confirm),
      ),
    );
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'yes');
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
