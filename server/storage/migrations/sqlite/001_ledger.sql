-- The ledger, its reference data and the sync bookkeeping. Amounts are integer minor units;
-- entry amounts are signed (credit positive, debit negative) and every transaction sums to 0.
-- Booleans are 0/1 integers and times ISO-8601 UTC text, the same on both engines.

CREATE TABLE change_counter (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO change_counter (id, value) VALUES (1, 0);

CREATE TABLE store_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  change_seq INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE tills (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  is_active INTEGER NOT NULL DEFAULT 1,
  highest_sequence INTEGER NOT NULL DEFAULT 0,
  contiguous_sequence INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  tax_rate_bp INTEGER,
  balance_minor INTEGER NOT NULL DEFAULT 0,
  entry_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX accounts_kind ON accounts (kind);

CREATE TABLE households (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  wallet_id TEXT NOT NULL REFERENCES accounts (id),
  change_seq INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX households_change_seq ON households (change_seq);

CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT,
  card_barcode TEXT,
  iban TEXT,
  household_id TEXT REFERENCES households (id),
  wallet_id TEXT NOT NULL REFERENCES accounts (id),
  is_wallet_user INTEGER NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1,
  change_seq INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX customers_change_seq ON customers (change_seq);
CREATE INDEX customers_wallet ON customers (wallet_id);

CREATE TABLE products (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  barcode TEXT,
  price_minor INTEGER NOT NULL,
  tax_rate_bp INTEGER NOT NULL,
  is_wallet_credit INTEGER NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1,
  change_seq INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX products_change_seq ON products (change_seq);

CREATE TABLE payment_methods (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  minimum_wallet_minor INTEGER NOT NULL DEFAULT 0,
  requires_customer INTEGER NOT NULL,
  sort_order INTEGER NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1,
  change_seq INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX payment_methods_change_seq ON payment_methods (change_seq);

CREATE TABLE transactions (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  order_id TEXT,
  till_id TEXT,
  description TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  booked_at TEXT NOT NULL
);
CREATE INDEX transactions_order ON transactions (order_id);

CREATE TABLE entries (
  id INTEGER PRIMARY KEY,
  transaction_id TEXT NOT NULL REFERENCES transactions (id),
  account_id TEXT NOT NULL REFERENCES accounts (id),
  amount_minor INTEGER NOT NULL CHECK (amount_minor <> 0),
  customer_id TEXT,
  payment_method_id TEXT,
  movement_kind TEXT
);
CREATE INDEX entries_account ON entries (account_id, id);
CREATE INDEX entries_transaction ON entries (transaction_id);

CREATE TABLE orders (
  id TEXT PRIMARY KEY,
  till_id TEXT NOT NULL REFERENCES tills (id),
  sequence INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  transaction_id TEXT NOT NULL REFERENCES transactions (id),
  customer_id TEXT,
  wallet_id TEXT,
  wallet_delta_minor INTEGER NOT NULL,
  is_offline INTEGER NOT NULL,
  is_overdrawn INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX orders_till_sequence ON orders (till_id, sequence);
CREATE INDEX orders_overdrawn ON orders (is_overdrawn) WHERE is_overdrawn = 1;

CREATE TABLE wallet_holds (
  id TEXT PRIMARY KEY,
  wallet_id TEXT NOT NULL REFERENCES accounts (id),
  customer_id TEXT NOT NULL,
  till_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  method_id TEXT NOT NULL,
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  resolved_at TEXT
);
CREATE INDEX wallet_holds_wallet ON wallet_holds (wallet_id, status);
CREATE INDEX wallet_holds_order ON wallet_holds (order_id);

-- The books are append-only: a correction is a new transaction, never an edit.
CREATE TRIGGER entries_append_only_update BEFORE UPDATE ON entries
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
CREATE TRIGGER entries_append_only_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
CREATE TRIGGER transactions_append_only_update BEFORE UPDATE ON transactions
BEGIN SELECT RAISE(ABORT, 'ledger transactions are append-only'); END;
CREATE TRIGGER transactions_append_only_delete BEFORE DELETE ON transactions
BEGIN SELECT RAISE(ABORT, 'ledger transactions are append-only'); END;
CREATE TRIGGER orders_append_only_update BEFORE UPDATE ON orders
BEGIN SELECT RAISE(ABORT, 'booked orders are append-only'); END;
CREATE TRIGGER orders_append_only_delete BEFORE DELETE ON orders
BEGIN SELECT RAISE(ABORT, 'booked orders are append-only'); END;
