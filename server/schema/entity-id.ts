import { z } from 'zod';
import { MAX_KEY_CHARS } from '../../seed/contract.ts';

/** An id argument: as long as any id the loader accepts, so every loaded entity can be asked for. */
export const entityIdSchema = z.string().min(1).max(MAX_KEY_CHARS);
