// The ledger as one object: what the HTTP layer, the CLI, the demo and the tests call.
import { EventEmitter } from 'node:events';
import type { Logger } from '../../shared/logger.ts';
import type { PaymentMethod, Product, StoreSettings } from '../../shared/domain.ts';
import type {
  AuthorizeRequest,
  ManagerCredentials,
  PullQuery,
  RefreshRequest,
  StoreSettingsInput,
  ZReport,
} from '../../shared/protocol.ts';
import type { AuditActor } from '../backoffice/audit.ts';
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
import { listStaff, saveStaffMember, verifyManager, type StaffChange } from './staff.ts';
import * as storeWrites from './store-writes.ts';
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

  listStaff = () => this.database.read((sql) => listStaff(sql));
  /** For the command line, the seeds and the demo; a till goes through `saveStaff`. */
  saveStaffMember = (id: string, change: StaffChange, actor: AuditActor | null = null) =>
    saveStaffMember(this.context, id, change, actor);
  verifyManager = (credentials: ManagerCredentials) => verifyManager(this.context, credentials);

  saveStoreSettings = (
    who: storeWrites.ManagerAtTill,
    expectedVersion: number,
    settings: StoreSettingsInput,
  ): Promise<storeWrites.WriteResult<StoreSettings>> =>
    storeWrites.saveStoreSettings(this.context, who, expectedVersion, settings);
  savePaymentMethod = (
    who: storeWrites.ManagerAtTill,
    id: string,
    method: Omit<PaymentMethod, 'id'>,
  ) => storeWrites.savePaymentMethod(this.context, who, id, method);
  saveProduct = (who: storeWrites.ManagerAtTill, id: string, product: Omit<Product, 'id'>) =>
    storeWrites.saveProduct(this.context, who, id, product);
  saveStaff = (who: storeWrites.ManagerAtTill, id: string, change: StaffChange) =>
    storeWrites.saveStaff(this.context, who, id, change);

  close = () => this.database.close();
}
