/**
 * Guards throw: a route that needs a role never runs for the wrong one. Routes hang them on
 * `onRequest`, so a caller without the right login learns nothing about the body's validation.
 */
import type { FastifyRequest } from 'fastify';
import { type Permission, can } from '../../shared/vocabulary.ts';
import { AppError } from '../errors.ts';
import type { Staff } from './service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    staff: Staff | null;
  }
}

export function requirePermission(permission: Permission) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!request.staff) throw new AppError('NOT_AUTHENTICATED');
    if (!can(request.staff.role, permission)) throw new AppError('FORBIDDEN');
  };
}

/** The signed-in member of staff of a guarded route. */
export function staffOf(request: FastifyRequest): Staff {
  if (!request.staff) throw new AppError('NOT_AUTHENTICATED');
  return request.staff;
}
