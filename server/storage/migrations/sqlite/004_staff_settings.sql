-- The people who sign in at the tills, and which products are services. A PIN is kept only as
-- a slow salted hash (shared/pin.ts); the tills pull the hashes to sign people in offline.
-- Booleans are 0/1 integers and times ISO-8601 UTC text, the same on both engines.

CREATE TABLE staff (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('cashier', 'manager')),
  pin_hash TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1,
  change_seq INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX staff_change_seq ON staff (change_seq);
-- Two active people with one name could not be told apart on the sign-in screen. lower() folds
-- only ASCII letters on SQLite; the server also compares names folded before it writes.
CREATE UNIQUE INDEX staff_active_name ON staff (lower(name)) WHERE is_active = 1;

-- A service has no stock. Until now only the wallet top-up was one, so the existing wallet
-- credit products become services and every other product stays an article.
ALTER TABLE products ADD COLUMN is_service INTEGER NOT NULL DEFAULT 0;
UPDATE products SET is_service = is_wallet_credit;
