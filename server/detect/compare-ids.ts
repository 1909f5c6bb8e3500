/**
 * Orders ids by their UTF-16 code units, as `Array.prototype.sort()` does, so every sorted
 * list of ids in detection comes out the same whatever the locale (a missing id sorts first).
 */
export const compareIds = (a = '', b = ''): number => (a < b ? -1 : a > b ? 1 : 0);
