import type { Migration } from '../migrations.js';

/**
 * The Postgres schema, as ordered migrations like SQLite's (src/server/store/migrations.ts): the same tables and
 * column names (so both stores read rows with the same mappers), BIGINT epoch milliseconds, booleans, identity ids,
 * JSON as text. Postgres adds who holds a lease (`locked_by`: several replicas claim work) and the `leases` table
 * for roles one replica plays (the overrun watch). Appended, never edited once released.
 */
export const PG_MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'the SQLite schema of versions 1-2, with lease holders and role leases for replicas',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      CREATE TABLE upgrades (
        ticket_id BIGINT PRIMARY KEY,
        state_json TEXT NOT NULL,
        version INTEGER NOT NULL,
        updated_at BIGINT NOT NULL
      );

      CREATE TABLE bookings (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        ticket_id BIGINT NOT NULL,
        start_at BIGINT NOT NULL,
        end_at BIGINT NOT NULL,
        rule TEXT NOT NULL,
        class TEXT NOT NULL CHECK (class IN ('maintenance', 'hotfix')),
        reason TEXT,
        time_zone TEXT NOT NULL,
        active BOOLEAN NOT NULL,
        created_at BIGINT NOT NULL,
        released_at BIGINT
      );
      CREATE UNIQUE INDEX bookings_one_active ON bookings (ticket_id) WHERE active;
      CREATE INDEX bookings_active_start ON bookings (start_at) WHERE active;

      CREATE TABLE history (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        ticket_id BIGINT NOT NULL,
        type TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        public BOOLEAN NOT NULL,
        agent_id TEXT,
        agent_name TEXT,
        outbox_id BIGINT,
        delivery_status TEXT NOT NULL DEFAULT 'delivered',
        delivered_at BIGINT,
        error TEXT,
        detail_json TEXT
      );
      CREATE INDEX history_ticket ON history (ticket_id, id);
      CREATE INDEX history_outbox ON history (outbox_id) WHERE outbox_id IS NOT NULL;

      CREATE TABLE outbox (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        ticket_id BIGINT NOT NULL,
        kind TEXT NOT NULL,
        payload_json TEXT NOT NULL,
        history_id BIGINT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        sends INTEGER NOT NULL DEFAULT 0,
        failures INTEGER NOT NULL DEFAULT 0,
        next_attempt_at BIGINT NOT NULL,
        locked_by TEXT,
        locked_until BIGINT,
        last_error TEXT,
        sent_json TEXT,
        created_at BIGINT NOT NULL,
        delivered_at BIGINT
      );
      CREATE INDEX outbox_pending ON outbox (ticket_id, kind, id) WHERE status = 'pending';

      CREATE TABLE idempotency_keys (
        ticket_id BIGINT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status INTEGER NOT NULL,
        body_json TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (ticket_id, key)
      );
      CREATE INDEX idempotency_created ON idempotency_keys (created_at);

      CREATE TABLE inbox (
        id TEXT PRIMARY KEY,
        received_at BIGINT NOT NULL,
        body_json TEXT NOT NULL,
        processed_at BIGINT,
        locked_by TEXT,
        locked_until BIGINT
      );
      CREATE INDEX inbox_unprocessed ON inbox (received_at, id) WHERE processed_at IS NULL;

      CREATE TABLE processed_comments (
        ticket_id BIGINT NOT NULL,
        comment_id BIGINT NOT NULL,
        outcome TEXT NOT NULL,
        detail TEXT,
        processed_at BIGINT NOT NULL,
        PRIMARY KEY (ticket_id, comment_id)
      );

      CREATE TABLE watch_marks (
        ticket_id BIGINT NOT NULL,
        mark TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (ticket_id, mark)
      );

      -- A role one replica plays at a time (the overrun watch): held until expires_at, renewed by its holder.
      CREATE TABLE leases (
        role TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        expires_at BIGINT NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'replica heartbeats: the leases of a replica that stopped beating are free at once',
    sql: `
      -- seen_at is the database's clock (epoch ms), so replicas' clocks never disagree about who is alive.
      CREATE TABLE replicas (
        id TEXT PRIMARY KEY,
        seen_at BIGINT NOT NULL
      );
      CREATE FUNCTION uw_now_ms() RETURNS BIGINT LANGUAGE sql VOLATILE
        AS $$ SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint $$;
      -- Whether the replica that holds a lease stopped beating more than stale_ms ago (killed, cut off).
      CREATE FUNCTION uw_holder_gone(holder TEXT, stale_ms BIGINT) RETURNS BOOLEAN LANGUAGE sql VOLATILE
        AS $$ SELECT holder IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM replicas WHERE id = holder AND seen_at > uw_now_ms() - stale_ms) $$;
    `,
  },
  {
    version: 3,
    description: "the bookings' turn: a table locked, never written, so that bookings run one at a time",
    sql: `
      -- Locked (EXCLUSIVE) as the first statement of every transaction that may touch bookings, before its snapshot:
      -- such transactions then run one after another across replicas and never conflict (docs/DECISIONS.md, 48).
      -- Never written, so autovacuum, whose lock would queue behind it, has nothing to do on it.
      CREATE TABLE booking_turn ();
    `,
  },
  {
    version: 4,
    description: 'indexes for the queries that read all history (docs/DECISIONS.md, 49), as SQLite migration 4',
    sql: `
      CREATE INDEX outbox_failed ON outbox (status) WHERE status = 'failed';
      -- A damaged row (not JSON) is indexed as NULL rather than refusing the migration or the write.
      CREATE FUNCTION uw_upgrade_state(state_json TEXT) RETURNS TEXT LANGUAGE plpgsql IMMUTABLE AS $$
        BEGIN RETURN state_json::jsonb ->> 'state'; EXCEPTION WHEN others THEN RETURN NULL; END $$;
      CREATE INDEX upgrades_state ON upgrades (uw_upgrade_state(state_json));
      CREATE INDEX bookings_active_counts ON bookings (start_at, ticket_id) WHERE active;
      DROP INDEX bookings_active_start;
      CREATE INDEX bookings_active_length ON bookings ((end_at - start_at)) WHERE active;
    `,
  },
  {
    version: 5,
    description: "each outbox item's last update of its ticket, as SQLite migration 5 (docs/DECISIONS.md, 51)",
    sql: `
      ALTER TABLE outbox ADD COLUMN last_update_at BIGINT;
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
    description:
      'active bookings counted per window start, kept by a trigger, as SQLite migration 6 (docs/DECISIONS.md, 54)',
    sql: `
      CREATE TABLE booking_counts (start_at BIGINT PRIMARY KEY, n INTEGER NOT NULL);
      INSERT INTO booking_counts (start_at, n) SELECT start_at, COUNT(*) FROM bookings WHERE active GROUP BY start_at;
      CREATE FUNCTION uw_booking_counts() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP <> 'INSERT' THEN
            IF OLD.active THEN
              UPDATE booking_counts SET n = n - 1 WHERE start_at = OLD.start_at;
            END IF;
          END IF;
          IF TG_OP <> 'DELETE' THEN
            IF NEW.active THEN
              INSERT INTO booking_counts (start_at, n) VALUES (NEW.start_at, 1)
                ON CONFLICT (start_at) DO UPDATE SET n = booking_counts.n + 1;
            END IF;
          END IF;
          RETURN NULL;
        END $$;
      CREATE TRIGGER bookings_counts AFTER INSERT OR DELETE OR UPDATE OF active, start_at ON bookings
        FOR EACH ROW EXECUTE FUNCTION uw_booking_counts();
    `,
  },
  {
    version: 7,
    description: "the processed webhook invocations in the order they were processed, for the inbox's purge",
    sql: `
      CREATE INDEX inbox_processed ON inbox (processed_at) WHERE processed_at IS NOT NULL;
    `,
  },
];

export const PG_LATEST_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version;
