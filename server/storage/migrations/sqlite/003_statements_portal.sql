-- Bank statements imported in the back office, top-up invoices with their yearly numbering, and
-- the customer portal's sign-in links and sessions. Amounts are integer minor units, times
-- ISO-8601 UTC text, dates YYYY-MM-DD, the same on both engines.

CREATE TABLE bank_statements (
  id TEXT PRIMARY KEY,
  format TEXT NOT NULL,
  statement_ref TEXT,
  account_iban TEXT,
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL UNIQUE,
  line_count INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL
);

-- One row per line of a statement, as the bank wrote it, with what became of it. A line already
-- seen in an earlier statement is kept as a duplicate and never booked; the partial unique index
-- makes sure one bank line has only one row that can be booked.
CREATE TABLE bank_statement_lines (
  id TEXT PRIMARY KEY,
  statement_id TEXT NOT NULL REFERENCES bank_statements (id),
  position INTEGER NOT NULL,
  line_identity TEXT NOT NULL,
  booking_date TEXT NOT NULL,
  value_date TEXT,
  direction TEXT NOT NULL,
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  currency TEXT NOT NULL,
  counterparty_name TEXT,
  counterparty_iban TEXT,
  communication TEXT,
  structured_reference TEXT,
  bank_reference TEXT,
  status TEXT NOT NULL,
  ignore_reason TEXT,
  customer_id TEXT,
  invoice_id TEXT,
  match_method TEXT,
  match_note TEXT,
  duplicate_of_line_id TEXT,
  transaction_id TEXT,
  booked_at TEXT,
  booked_by TEXT
);
CREATE INDEX bank_statement_lines_statement ON bank_statement_lines (statement_id, position);
CREATE UNIQUE INDEX bank_statement_lines_identity ON bank_statement_lines (line_identity)
  WHERE status <> 'duplicate';

-- Invoice numbers run without gaps per year: the next number is taken under this row's lock in
-- the same transaction that writes the invoice and its entries.
CREATE TABLE invoice_sequences (
  year INTEGER PRIMARY KEY,
  last_number INTEGER NOT NULL
);

CREATE TABLE invoices (
  id TEXT PRIMARY KEY,
  year INTEGER NOT NULL,
  number INTEGER NOT NULL,
  display_number TEXT NOT NULL UNIQUE,
  customer_id TEXT NOT NULL REFERENCES customers (id),
  customer_name TEXT NOT NULL,
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  currency TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  booking TEXT NOT NULL,
  payment_reference TEXT NOT NULL UNIQUE,
  transaction_id TEXT NOT NULL REFERENCES transactions (id),
  paid_minor INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  UNIQUE (year, number)
);
CREATE INDEX invoices_customer ON invoices (customer_id);

-- Only hashes of the portal's link and session tokens are stored: a copy of this table lets
-- nobody sign in.
CREATE TABLE portal_sign_in_links (
  token_hash TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX portal_sign_in_links_customer ON portal_sign_in_links (customer_id);

CREATE TABLE portal_sessions (
  token_hash TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  ended_at TEXT
);
