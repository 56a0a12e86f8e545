import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DepartmentList, PasswordResetRequest, StaffChanged, StaffCreateRequest, StaffCreated, StaffList, StaffUnlocked, StaffUpdateRequest } from '../../shared/contracts.ts';
import { requirePermission, staffOf } from '../auth/guard.ts';
import { SESSION_COOKIE } from '../auth/service.ts';
import type { StaffActor, StaffService } from './service.ts';

const UsernameParams = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) });

const actorOf = (request: FastifyRequest): StaffActor => ({ kind: 'staff', staff: staffOf(request), sessionToken: request.cookies[SESSION_COOKIE] });

/** Staff accounts, for administrators only; the guard runs before the body is read. */
export const staffRoutes: FastifyPluginAsyncTypebox<{ staff: StaffService }> = async (app, opts) => {
  const { staff } = opts;
  const guard = requirePermission('manageStaff');

  // Public like the catalogue: every procedure's steps already name these departments.
  app.get('/api/departments', { schema: { response: { 200: DepartmentList } } }, async () => staff.departments());

  app.get('/api/staff', { onRequest: guard, schema: { response: { 200: StaffList } } }, async () => ({ staff: staff.list() }));

  app.post('/api/staff', { onRequest: guard, schema: { body: StaffCreateRequest, response: { 201: StaffCreated } } }, async (request, reply) =>
    reply.status(201).send({ staff: await staff.create(actorOf(request), request.body) }),
  );

  app.patch('/api/staff/:username', { onRequest: guard, schema: { params: UsernameParams, body: StaffUpdateRequest, response: { 200: StaffChanged } } }, async (request) =>
    staff.update(actorOf(request), request.params.username, request.body),
  );

  app.post('/api/staff/:username/password', { onRequest: guard, schema: { params: UsernameParams, body: PasswordResetRequest, response: { 200: StaffChanged } } }, async (request) =>
    staff.resetPassword(actorOf(request), request.params.username, request.body.password),
  );

  // Lifts a lock from repeated failed logins before it runs out (audited).
  app.post('/api/staff/:username/unlock', { onRequest: guard, schema: { params: UsernameParams, response: { 200: StaffUnlocked } } }, async (request) =>
    staff.unlock(actorOf(request), request.params.username),
  );
};
