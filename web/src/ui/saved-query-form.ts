import type { SavedQueryParameter } from '../api/types.ts';

export type FormValue = string | boolean;

/**
 * Form values (strings from inputs, booleans from checkboxes) → typed query parameters, or a
 * message per parameter that does not parse. Empty optional fields are left out so the query's
 * declared default applies.
 */
export function toParams(
  parameters: readonly SavedQueryParameter[],
  values: Readonly<Record<string, FormValue | undefined>>,
): { params: Record<string, unknown>; errors: Record<string, string> } {
  const params: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const parameter of parameters) {
    const raw = values[parameter.name];
    if (parameter.type === 'BOOLEAN') {
      params[parameter.name] = raw === true || raw === 'true';
      continue;
    }
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') {
      if (parameter.required) errors[parameter.name] = 'Required.';
      continue;
    }
    const bounds = (value: number, unit: string) => {
      if (parameter.min !== null && value < parameter.min)
        return `At least ${parameter.min}${unit}.`;
      if (parameter.max !== null && value > parameter.max)
        return `At most ${parameter.max}${unit}.`;
      return undefined;
    };
    switch (parameter.type) {
      case 'INTEGER':
      case 'FLOAT': {
        const value = Number(text);
        const integer = parameter.type === 'INTEGER';
        const problem =
          !Number.isFinite(value) || (integer && !Number.isInteger(value))
            ? integer
              ? 'A whole number.'
              : 'A number.'
            : bounds(value, '');
        if (problem) errors[parameter.name] = problem;
        else params[parameter.name] = value;
        break;
      }
      case 'DATETIME': {
        const time = Date.parse(text);
        if (Number.isNaN(time))
          errors[parameter.name] = 'A date and time, e.g. 2026-03-14T21:05:00+08:00.';
        else params[parameter.name] = new Date(time).toISOString();
        break;
      }
      case 'STRING_LIST': {
        const items = text
          .split(/[\n,]/)
          .map((item) => item.trim())
          .filter((item) => item !== '');
        const problem = bounds(items.length, ' items');
        if (problem) errors[parameter.name] = problem;
        else params[parameter.name] = items;
        break;
      }
      default:
        params[parameter.name] = text;
    }
  }
  return { params, errors };
}

/** The text an input starts with: the URL's value, else the declared default. */
export function initialValue(parameter: SavedQueryParameter, fromUrl: string | null): FormValue {
  if (fromUrl !== null) return parameter.type === 'BOOLEAN' ? fromUrl === 'true' : fromUrl;
  const fallback = parameter.default;
  if (parameter.type === 'BOOLEAN') return fallback === true;
  if (fallback === null || fallback === undefined) return '';
  return Array.isArray(fallback) ? fallback.join(', ') : String(fallback);
}
