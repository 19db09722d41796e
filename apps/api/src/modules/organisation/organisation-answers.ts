import { z } from 'zod';
import { failures } from '../../platform/responses.ts';

/** What the organisation's routes share (organisation.routes.ts, members.routes.ts). */
export const structureParams = z.object({ id: z.coerce.number().int().positive() });
export const organisationTags = ['Organisation'];
export const signedIn = failures('UNAUTHENTICATED');
// Reading a structure's data: the user must belong to it (or manage it).
export const ofStructure = failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND');
export const changesStructure = failures('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'VALIDATION_FAILED');
