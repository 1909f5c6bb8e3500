import { AUDIT_PAGE, addNote, fetchAuditLog, setRingStatus } from '../api/documents.ts';
import type { AuditEntry, RingDetail, RingStatus } from '../api/types.ts';
import { h, message, replace } from './dom.ts';
import { errorMessage } from './feedback.ts';
import { formatTime } from './format.ts';

/** Confirm or dismiss a ring with a note; its notes and audit trail, newest first. */
export function decisionPanel(
  ring: RingDetail,
  onStatus: (status: RingStatus) => void,
): HTMLElement {
  const trail = h('ol', { class: 'audit' });
  const feedback = h('p', { class: 'feedback', role: 'status' });
  const note = h('textarea', {
    rows: 3,
    name: 'note',
    placeholder: 'Note 备注 — why this decision?',
    'aria-label': 'Note',
  });
  const current = h(
    'span',
    { class: `status status-${ring.status.toLowerCase()}`, 'data-status': ring.status },
    ring.status,
  );
  const older = h(
    'button',
    { type: 'button', class: 'older', 'data-action': 'older' },
    'Older entries',
  );
  older.hidden = true;
  // Bumped by every reload of the newest page: an older page asked for before it would append
  // after the wrong entry.
  let shown = 0;
  /** Shows the newest page of the trail, or with `before` appends the page after that entry. */
  const loadTrail = async (before?: string) => {
    older.hidden = true;
    if (before === undefined) shown += 1;
    const asked = shown;
    try {
      const entries = await fetchAuditLog(ring.id, before);
      if (asked !== shown) return;
      const items = entries.map((entry) => auditItem(entry));
      if (before !== undefined) trail.append(...items);
      else
        replace(
          trail,
          ...(items.length === 0
            ? [h('li', { class: 'hint' }, 'No notes or decisions yet.')]
            : items),
        );
      const last = entries.at(-1);
      if (entries.length === AUDIT_PAGE && last) {
        older.onclick = () => void loadTrail(last.id);
        older.hidden = false;
      }
    } catch (error) {
      if (asked !== shown) return;
      const failure = errorMessage(error, 'The audit trail could not be loaded.');
      // A failed older page keeps the entries already shown, and the button to try again.
      if (before === undefined) replace(trail, failure);
      else {
        replace(feedback, failure);
        older.hidden = false;
      }
    }
  };
  const act = async (what: () => Promise<void>, done: string) => {
    feedback.textContent = 'Saving…';
    try {
      await what();
      note.value = '';
      feedback.textContent = done;
      await loadTrail();
    } catch (error) {
      replace(feedback, errorMessage(error, 'Not saved.'));
    }
  };
  const setStatus = (status: RingStatus) =>
    act(async () => {
      await setRingStatus(ring.id, status, note.value);
      current.textContent = status;
      current.className = `status status-${status.toLowerCase()}`;
      current.dataset.status = status;
      onStatus(status);
    }, `Status set to ${status}.`);
  const panel = h(
    'section',
    { class: 'decision', 'aria-label': 'Decision' },
    h('h2', {}, 'Decision 结论 ', current),
    note,
    h(
      'div',
      { class: 'buttons' },
      h(
        'button',
        {
          type: 'button',
          class: 'primary',
          'data-action': 'confirm',
          onclick: () => setStatus('CONFIRMED'),
        },
        'Confirm ring 确认',
      ),
      h(
        'button',
        { type: 'button', 'data-action': 'dismiss', onclick: () => setStatus('DISMISSED') },
        'Dismiss 排除',
      ),
      h(
        'button',
        { type: 'button', 'data-action': 'reopen', onclick: () => setStatus('OPEN') },
        'Reopen',
      ),
      h(
        'button',
        {
          type: 'button',
          'data-action': 'note',
          onclick: () => {
            if (note.value.trim() === '') {
              feedback.textContent = 'Write a note first.';
              return;
            }
            void act(() => addNote(ring.id, note.value.trim()), 'Note added.');
          },
        },
        'Add note',
      ),
    ),
    feedback,
    h('h3', {}, 'Notes and audit trail 审计记录'),
    trail,
    older,
  );
  replace(trail, message('loading', 'Loading…'));
  void loadTrail();
  return panel;
}

function auditItem(entry: AuditEntry): HTMLElement {
  return h(
    'li',
    { 'data-action': entry.action },
    h('span', { class: 'when' }, formatTime(entry.at)),
    ' ',
    h('strong', {}, entry.author),
    ` (${entry.role}) `,
    entry.action === 'STATUS_CHANGE'
      ? `${entry.fromStatus ?? '—'} → ${entry.toStatus ?? '—'}`
      : 'note',
    entry.text ? h('p', { class: 'note-text' }, entry.text) : null,
  );
}
