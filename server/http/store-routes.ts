// Store-wide changes a manager makes from a till: the settings, payment methods, products and
// staff. Each request is made by an authenticated till and carries a manager's id and PIN,
// checked here on every write; wrong PINs are limited per till. A refusal writes nothing and
// says why in error.code (and in error.issues, field by field, for a change that breaks a rule).
import { z } from 'zod';
import { serverIdSchema } from '../../shared/domain.ts';
import {
  apiPrefix,
  type ManagerCredentials,
  savePaymentMethodRequestSchema,
  savePaymentMethodResponseSchema,
  saveProductRequestSchema,
  saveProductResponseSchema,
  saveStaffRequestSchema,
  saveStaffResponseSchema,
  saveStoreSettingsRequestSchema,
  saveStoreSettingsResponseSchema,
} from '../../shared/protocol.ts';
import type { ManagerAtTill, WriteRefusal, WriteResult } from '../ledger/store-writes.ts';
import { HttpProblem, parseWith } from './errors.ts';
import { tillOf, type RouteContext, type RouteDefinition } from './routes.ts';

export const managerRefusalMessages = {
  manager_pin_wrong: 'Wrong manager PIN; nothing was saved.',
  not_a_manager: 'This staff member is not an active manager; nothing was saved.',
  too_many_attempts: 'Too many wrong manager PINs at this till; wait a few minutes.',
} as const;

/** Checks the manager's credentials for a write from this till, within the till's limit. */
async function managerAtTill(
  context: RouteContext,
  credentials: ManagerCredentials,
): Promise<ManagerAtTill> {
  const till = tillOf(context);
  const limiter = context.request.server.backOffice.managerPinLimiterByTill;
  const key = `till:${till.id}`;
  const waitMs = limiter.retryAfterMs(key);
  if (waitMs > 0) {
    void context.reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
    throw new HttpProblem(429, 'too_many_attempts', managerRefusalMessages.too_many_attempts);
  }
  const check = await context.ledger.verifyManager(credentials);
  if (!check.ok) {
    // Only a PIN tried against a manager is a guess; a cashier's id never gets its PIN checked.
    if (check.reason === 'manager_pin_wrong') limiter.recordFailure(key);
    throw new HttpProblem(403, check.reason, managerRefusalMessages[check.reason]);
  }
  limiter.reset(key);
  return { manager: check.manager, till };
}

const refusalStatus: Record<WriteRefusal['code'], number> = {
  invalid_change: 422,
  settings_changed: 409,
  last_active_manager: 409,
  not_a_manager: 403,
};

function valueOf<T>(result: WriteResult<T>): T {
  if (result.ok) return result.value;
  const { refusal } = result;
  const issues = refusal.code === 'invalid_change' ? refusal.issues : undefined;
  throw new HttpProblem(refusalStatus[refusal.code], refusal.code, refusal.message, issues);
}

const idParamsSchema = z.object({ id: serverIdSchema });

const refusalsText =
  'Refusals: 400 invalid_body (error.issues), 401 unauthorized, 403 manager_pin_wrong or ' +
  'not_a_manager, 429 too_many_attempts, 422 invalid_change (error.issues by field, with a code)';

export const storeWriteRoutes: RouteDefinition[] = [
  {
    method: 'PUT',
    path: `${apiPrefix}/store-settings`,
    summary:
      'A manager saves the store settings over the version they edited. ' +
      `${refusalsText}, 409 settings_changed when another save came first.`,
    isTillAuthenticated: true,
    body: saveStoreSettingsRequestSchema,
    response: saveStoreSettingsResponseSchema,
    handle: async (context) => {
      const body = parseWith(saveStoreSettingsRequestSchema, context.request.body, 'body');
      const who = await managerAtTill(context, body.manager);
      const result = await context.ledger.saveStoreSettings(
        who,
        body.expectedVersion,
        body.settings,
      );
      return { settings: valueOf(result) };
    },
  },
  {
    method: 'PUT',
    path: `${apiPrefix}/payment-methods/:id`,
    summary: `A manager creates or replaces a payment method; the id is made by the till. ${refusalsText}.`,
    isTillAuthenticated: true,
    params: idParamsSchema,
    body: savePaymentMethodRequestSchema,
    response: savePaymentMethodResponseSchema,
    handle: async (context) => {
      const { id } = parseWith(idParamsSchema, context.request.params, 'params');
      const body = parseWith(savePaymentMethodRequestSchema, context.request.body, 'body');
      const who = await managerAtTill(context, body.manager);
      return { method: valueOf(await context.ledger.savePaymentMethod(who, id, body.method)) };
    },
  },
  {
    method: 'PUT',
    path: `${apiPrefix}/products/:id`,
    summary: `A manager creates or replaces a product; the id is made by the till. ${refusalsText}.`,
    isTillAuthenticated: true,
    params: idParamsSchema,
    body: saveProductRequestSchema,
    response: saveProductResponseSchema,
    handle: async (context) => {
      const { id } = parseWith(idParamsSchema, context.request.params, 'params');
      const body = parseWith(saveProductRequestSchema, context.request.body, 'body');
      const who = await managerAtTill(context, body.manager);
      return { product: valueOf(await context.ledger.saveProduct(who, id, body.product)) };
    },
  },
  {
    method: 'PUT',
    path: `${apiPrefix}/staff/:id`,
    summary:
      'A manager creates or changes a staff member; a PIN is required on creation, null keeps ' +
      `it. ${refusalsText}, 409 last_active_manager.`,
    isTillAuthenticated: true,
    params: idParamsSchema,
    body: saveStaffRequestSchema,
    response: saveStaffResponseSchema,
    handle: async (context) => {
      const { id } = parseWith(idParamsSchema, context.request.params, 'params');
      const body = parseWith(saveStaffRequestSchema, context.request.body, 'body');
      const who = await managerAtTill(context, body.manager);
      return { member: valueOf(await context.ledger.saveStaff(who, id, body.member)) };
    },
  },
];
