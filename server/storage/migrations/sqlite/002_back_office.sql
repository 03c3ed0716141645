-- The back office: its users and their sessions, the audit trail of what they booked, the
-- customers' structured transfer references, the account codes of the accountant's export,
-- pairing codes for new tills, and a folded search text per customer.

-- A key-value store for back-office settings the server owns (the cookie secret, the time zone
-- reports use, the search index watermark).
CREATE TABLE backoffice_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE backoffice_users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  -- The login name folded to lower case, so "Anne" and "anne" are one user.
  login_key TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  -- NULL follows the browser's Accept-Language.
  language TEXT,
  is_active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL
);

-- A session row is the only proof of a sign-in: the cookie carries a random id whose SHA-256 is
-- the key here, and signing out deletes the row, so an old cookie can never open a page again.
CREATE TABLE backoffice_sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES backoffice_users (id),
  csrf_token TEXT NOT NULL,
  -- A message for the next page shown, set after a form was handled (post, redirect, get).
  notice TEXT,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX backoffice_sessions_user ON backoffice_sessions (user_id);

CREATE TABLE backoffice_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  occurred_at TEXT NOT NULL,
  -- The user's id, NULL for the command line; actor_name keeps the name as it was then.
  user_id TEXT,
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  target_kind TEXT,
  target_id TEXT,
  amount_minor INTEGER,
  transaction_id TEXT,
  detail TEXT NOT NULL
);
CREATE INDEX backoffice_audit_target ON backoffice_audit (target_kind, target_id);

-- Every customer gets the next number once, when the customer row is inserted; the structured
-- communication and the RF reference are both computed from it, so they never change.
CREATE TABLE customer_references (
  reference_number INTEGER PRIMARY KEY AUTOINCREMENT,
  customer_id TEXT NOT NULL UNIQUE REFERENCES customers (id)
);
INSERT INTO customer_references (customer_id) SELECT id FROM customers ORDER BY created_at, id;
CREATE TRIGGER customers_reference_number AFTER INSERT ON customers
BEGIN INSERT INTO customer_references (customer_id) VALUES (NEW.id); END;

-- The code of each account (or of every wallet together) in the accountant's export.
CREATE TABLE account_codes (
  account_key TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE till_pairing_codes (
  id TEXT PRIMARY KEY,
  code_hash TEXT NOT NULL UNIQUE,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  till_id TEXT REFERENCES tills (id)
);

-- Name, e-mail and card folded to lower case without accents, kept up to date from the
-- customers' change numbers before each search.
CREATE TABLE customer_search (
  customer_id TEXT PRIMARY KEY REFERENCES customers (id),
  search_text TEXT NOT NULL
);

-- The audit trail is append-only, like the books it describes.
CREATE TRIGGER backoffice_audit_append_only_update BEFORE UPDATE ON backoffice_audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER backoffice_audit_append_only_delete BEFORE DELETE ON backoffice_audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
