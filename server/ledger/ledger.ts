// The ledger as one object: what the HTTP layer, the CLI, the demo and the tests call.
import { EventEmitter } from 'node:events';
import type { Logger } from '../../shared/logger.ts';
import type {
  AuthorizeRequest,
  PullQuery,
  RefreshRequest,
  ZReport,
} from '../../shared/protocol.ts';
import type { Database } from '../storage/database.ts';
import { authorizeWalletPayment, releaseAuthorization } from './authorize.ts';
import * as catalog from './catalog.ts';
import type { LedgerContext } from './context.ts';
import { checkInvariants, overdrawnWallets } from './invariants.ts';
import { pullChanges, refreshCustomer } from './pull.ts';
import { pushOrders } from './push.ts';
import {
  listSessions,
  readSessionFigures,
  saveSessionReport,
  sessionFiguresForTill,
} from './sessions.ts';
import { authenticateTill, createTill, listTills, type Till } from './tills.ts';
import {
  bookWalletTransfer,
  type WalletTransfer,
  type WalletTransferOptions,
} from './wallet-transfers.ts';

export class Ledger {
  readonly context: LedgerContext;
  private readonly changes = new EventEmitter();

  constructor(options: { database: Database; logger: Logger; now?: () => Date }) {
    this.changes.setMaxListeners(0);
    this.context = {
      database: options.database,
      logger: options.logger.child('ledger'),
      now: options.now ?? (() => new Date()),
      notifyChange: (cursor) => this.changes.emit('change', cursor),
    };
  }

  get database(): Database {
    return this.context.database;
  }

  /** Registers a listener told the new cursor after each commit; returns its remover. */
  onChange(listener: (cursor: number) => void): () => void {
    this.changes.on('change', listener);
    return () => this.changes.off('change', listener);
  }

  createTill = (name: string) => createTill(this.context, name);
  listTills = () => listTills(this.context);
  authenticateTill = (token: string) => authenticateTill(this.context, token);

  push = (till: Till, orders: readonly unknown[]) => pushOrders(this.context, till, orders);
  authorize = (till: Till, request: AuthorizeRequest) =>
    authorizeWalletPayment(this.context, till, request);
  release = (till: Till, authorizationId: string) =>
    releaseAuthorization(this.context, till, authorizationId);
  pull = (query: PullQuery) => pullChanges(this.context, query);
  refresh = (request: RefreshRequest) => refreshCustomer(this.context, request);

  /** The session's figures from the journal entries of the orders booked under it so far. */
  sessionFigures = (sessionId: string) =>
    this.database.read((sql) => readSessionFigures(sql, sessionId));
  sessionFiguresForTill = (till: Till, sessionId: string) =>
    sessionFiguresForTill(this.context, till, sessionId);
  saveSessionReport = (till: Till, report: ZReport) =>
    saveSessionReport(this.context, till, report);
  listSessions = (options: { limit: number }) => listSessions(this.context, options);

  bookWalletTransfer = (transfer: WalletTransfer, options?: WalletTransferOptions) =>
    bookWalletTransfer(this.context, transfer, options);
  check = () => checkInvariants(this.context);
  overdrawnWallets = () => overdrawnWallets(this.context);

  createHousehold = (input: catalog.NewHousehold) => catalog.createHousehold(this.context, input);
  createCustomer = (input: catalog.NewCustomer) => catalog.createCustomer(this.context, input);
  createProduct = (input: catalog.NewProduct) => catalog.createProduct(this.context, input);
  createPaymentMethod = (input: catalog.NewPaymentMethod) =>
    catalog.createPaymentMethod(this.context, input);
  setMinimumWalletAmount = (methodId: string, minimumWalletMinor: number) =>
    catalog.setMinimumWalletAmount(this.context, methodId, minimumWalletMinor);
  saveSettings = (settings: Parameters<typeof catalog.saveSettings>[1]) =>
    catalog.saveSettings(this.context, settings);
  readSettings = () => this.database.read((sql) => catalog.readSettings(sql));
  readCustomer = (id: string) => this.database.read((sql) => catalog.readCustomer(sql, id));

  close = () => this.database.close();
}
