/**
 * The schema, as an ordered list of migrations. `schema_version` holds the last applied one; a new
 * migration is appended with the next number, never edited once released.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/** An upgrade row's lifecycle state, as indexed by upgrades_state and queried by listUpgradesInStates. */
export const UPGRADE_STATE = "CASE WHEN json_valid(state_json) THEN json_extract(state_json, '$.state') END";

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'upgrades, bookings, history, outbox, idempotency keys, inbox',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      CREATE TABLE upgrades (
        ticket_id INTEGER PRIMARY KEY,
        state_json TEXT NOT NULL,
        version INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE bookings (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ticket_id INTEGER NOT NULL,
        start_at INTEGER NOT NULL,
        end_at INTEGER NOT NULL,
        rule TEXT NOT NULL,
        class TEXT NOT NULL CHECK (class IN ('maintenance', 'hotfix')),
        reason TEXT,
        time_zone TEXT NOT NULL,
        active INTEGER NOT NULL CHECK (active IN (0, 1)),
        created_at INTEGER NOT NULL,
        released_at INTEGER
      );
      -- One active booking per ticket, enforced by the database as well as by the code.
      CREATE UNIQUE INDEX bookings_one_active ON bookings (ticket_id) WHERE active = 1;
      CREATE INDEX bookings_active_start ON bookings (start_at) WHERE active = 1;

      CREATE TABLE history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ticket_id INTEGER NOT NULL,
        type TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        public INTEGER NOT NULL,
        agent_id TEXT,
        agent_name TEXT,
        outbox_id INTEGER,
        delivery_status TEXT NOT NULL DEFAULT 'delivered',
        delivered_at INTEGER,
        error TEXT,
        detail_json TEXT
      );
      CREATE INDEX history_ticket ON history (ticket_id, id);

      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ticket_id INTEGER NOT NULL,
        kind TEXT NOT NULL,
        payload_json TEXT NOT NULL,
        history_id INTEGER,
        status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        sends INTEGER NOT NULL DEFAULT 0,
        failures INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        locked_until INTEGER,
        last_error TEXT,
        sent_json TEXT,
        created_at INTEGER NOT NULL,
        delivered_at INTEGER
      );
      CREATE INDEX outbox_pending ON outbox (ticket_id, id) WHERE status = 'pending';

      CREATE TABLE idempotency_keys (
        ticket_id INTEGER NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status INTEGER NOT NULL,
        body_json TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (ticket_id, key)
      );
      CREATE INDEX idempotency_created ON idempotency_keys (created_at);

      CREATE TABLE inbox (
        id TEXT PRIMARY KEY,
        received_at INTEGER NOT NULL,
        body_json TEXT NOT NULL,
        processed_at INTEGER
      );
    `,
  },
  {
    version: 2,
    description: 'processed comments (decision capture) and watch marks (overrun watch)',
    sql: `
      -- Each Zendesk comment is judged once, whatever number of webhooks announce it.
      CREATE TABLE processed_comments (
        ticket_id INTEGER NOT NULL,
        comment_id INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        detail TEXT,
        processed_at INTEGER NOT NULL,
        PRIMARY KEY (ticket_id, comment_id)
      );

      -- What the overrun watch already did (one note per window, one timeout per request), across restarts.
      CREATE TABLE watch_marks (
        ticket_id INTEGER NOT NULL,
        mark TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (ticket_id, mark)
      );
    `,
  },
  {
    version: 3,
    description: 'indexes for the hot queries (docs/DECISIONS.md, issue 19)',
    sql: `
      -- The inbox worker's claim: without it every pass scans the whole inbox, processed rows included, on the
      -- event loop (7 ms at 66k rows, growing with every webhook ever received).
      CREATE INDEX inbox_unprocessed ON inbox (received_at, id) WHERE processed_at IS NULL;
    `,
  },
  {
    version: 4,
    description: 'indexes for the queries that read all history (docs/DECISIONS.md, 49: npm run bench -- growth)',
    sql: `
      -- Each delivery's outcome (markDelivered, retryLater, markFailed, requeue) updates the history entry it
      -- delivers: without it every delivery scanned the whole history (Postgres has had it from the start).
      CREATE INDEX history_outbox ON history (outbox_id) WHERE outbox_id IS NOT NULL;
      -- GET /healthz counts the failed deliveries: without it every health check scanned the whole outbox.
      CREATE INDEX outbox_failed ON outbox (status) WHERE status = 'failed';
      -- Start-up frees the leases a dead process left: without it a scan of the whole outbox.
      CREATE INDEX outbox_leased ON outbox (locked_until) WHERE locked_until IS NOT NULL;
      -- The overrun and offer watches and reconciliation read the upgrades in a few states: without it they decoded
      -- every upgrade ever made, on the event loop, every pass. A damaged row (not JSON) is indexed as NULL rather
      -- than refusing the migration or the write; reading it still names the damage (upgrade-codec.ts).
      CREATE INDEX upgrades_state ON upgrades (${UPGRADE_STATE});
      -- Bookings stay active once their window is over. The counts per window read only the windows from an
      -- instant on, from the index alone (ticket_id is in it); it replaces bookings_active_start, its prefix.
      CREATE INDEX bookings_active_counts ON bookings (start_at, ticket_id) WHERE active = 1;
      DROP INDEX bookings_active_start;
      -- The longest active booking, so that a period's bookings are read from its start less that length.
      CREATE INDEX bookings_active_length ON bookings ((end_at - start_at)) WHERE active = 1;
    `,
  },
  {
    version: 5,
    description:
      "each outbox item's last update of its ticket, so a restart keeps the per-ticket budget (docs/DECISIONS.md, 51)",
    sql: `
      -- Set by each send and by a failure (the review flag follows it); read at start for the last 10 minutes.
      ALTER TABLE outbox ADD COLUMN last_update_at INTEGER;
      -- The deploy that brings this column is itself a restart: the items of the last minutes get an instant from
      -- what was recorded before it (the delivery, the failure in its history entry, or the next attempt of an item
      -- still pending after a send), each no earlier than the update it stands for.
      UPDATE outbox SET last_update_at = CASE
          WHEN status = 'delivered' THEN delivered_at
          WHEN status = 'failed' THEN COALESCE((SELECT h.delivered_at FROM history h WHERE h.outbox_id = outbox.id), next_attempt_at)
          ELSE next_attempt_at
        END
        WHERE kind = 'zendesk' AND (sends > 0 OR status = 'failed');
      CREATE INDEX outbox_last_update ON outbox (last_update_at) WHERE last_update_at IS NOT NULL;
    `,
  },
  {
    version: 6,
    description: 'active bookings counted per window start, kept by triggers (docs/DECISIONS.md, 54)',
    sql: `
      -- One row per window start ever booked: capacity counts read a few rows, not every booking ahead.
      CREATE TABLE booking_counts (start_at INTEGER PRIMARY KEY, n INTEGER NOT NULL);
      INSERT INTO booking_counts (start_at, n) SELECT start_at, COUNT(*) FROM bookings WHERE active = 1 GROUP BY start_at;
      -- Every write of bookings keeps it, whichever code writes (a booking, a release, a repair by hand).
      CREATE TRIGGER bookings_counts_insert AFTER INSERT ON bookings WHEN NEW.active = 1 BEGIN
        INSERT INTO booking_counts (start_at, n) VALUES (NEW.start_at, 1) ON CONFLICT (start_at) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER bookings_counts_update AFTER UPDATE OF active, start_at ON bookings BEGIN
        UPDATE booking_counts SET n = n - 1 WHERE OLD.active = 1 AND start_at = OLD.start_at;
        INSERT INTO booking_counts (start_at, n) SELECT NEW.start_at, 1 WHERE NEW.active = 1
          ON CONFLICT (start_at) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER bookings_counts_delete AFTER DELETE ON bookings WHEN OLD.active = 1 BEGIN
        UPDATE booking_counts SET n = n - 1 WHERE start_at = OLD.start_at;
      END;
    `,
  },
  {
    version: 7,
    description: 'the webhook inbox moves to a file of its own (docs/DECISIONS.md, 60)',
    sql: `
      -- Its rows were copied into the inbox's file before this ran, in a commit of that file alone
      -- (SqliteStore.open): dropped only now, so a crash between the two loses nothing.
      DROP TABLE IF EXISTS inbox;
    `,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
