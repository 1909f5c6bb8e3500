/**
 * Page keyboard shortcuts (`ctrl+z`, `shift+?`, `f`, `escape`…); ignored while typing in a
 * field. Returns the function that removes them.
 */
export function onKeys(bindings: Record<string, () => void>): () => void {
  const listener = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement | null;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
      if (event.key !== 'Escape') return;
    }
    const key = [
      event.ctrlKey || event.metaKey ? 'ctrl' : '',
      event.shiftKey && event.key.length > 1 ? 'shift' : '',
      event.shiftKey && (event.ctrlKey || event.metaKey) ? 'shift' : '',
      event.key.toLowerCase(),
    ]
      .filter(Boolean)
      .filter((part, index, parts) => parts.indexOf(part) === index)
      .join('+');
    const action = bindings[key];
    if (action) {
      event.preventDefault();
      action();
    }
  };
  document.addEventListener('keydown', listener);
  return () => document.removeEventListener('keydown', listener);
}
