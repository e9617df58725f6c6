-- Tracking events, their webhook outbox and the outbox's attempt log only ever grow. They become range-partitioned
-- by month, so that retention drops a whole month (a catalog change, no deletes, no vacuum) and each month's
-- indexes stay the size of a month.
--
-- The partition key is the time the database recorded the event, recorded_at: a real commit-side time (now(),
-- the writing transaction's start), unlike occurred_at, which is the domain's time and may be back-dated or
-- simulated. A delivery and its attempts carry their event's recorded_at (event_recorded_at), so month M of
-- attempts references only month M of deliveries, which references only month M of events: dropping a month is
-- its attempts, then its deliveries, then (under tracking retention) its events, each a plain DROP TABLE. Those
-- references are foreign keys between the month's partitions, not between the parents: a key between parents
-- would make every drop first scan the referencing table for rows of the month, under a lock that stops all
-- writes. create_month_partitions (below) creates a month with its keys; the gateway runs it for the current
-- month and a few ahead at start and every retention round.
--
-- There is no DEFAULT partition. With one, an event of a month nobody prepared would still be written, but
-- creating that month's partition later would have to scan the DEFAULT partition under an exclusive lock, and
-- fail if any such row had landed there, leaving rows to move by hand. Without one, an insert in a month with no
-- partition fails; the gateway keeps months ready ahead (rocketexpress.retention.months-ahead, 3 by default)
-- and refuses to start when it cannot, so that takes months of failed upkeep.
--
-- Ids still come from the same sequences, so they keep increasing and are never reused; the primary keys include
-- the partition key (PostgreSQL requires it), and an id stays unique because only the sequence hands them out.
-- Existing rows are copied: an event recorded before this migration gets its occurred_at (never later than
-- now) as recorded_at, the best knowledge there is of when it was written. The copy rewrites the three tables in
-- this migration's transaction, holding them locked meanwhile: run retention before upgrading a large
-- installation, so the outbox is small.

-- The V12 tables are set aside, without the indexes and constraints whose names the new tables take.
ALTER TABLE webhook_attempt DROP CONSTRAINT webhook_attempt_delivery_id_fkey, DROP CONSTRAINT webhook_attempt_pkey;
ALTER TABLE webhook_attempt RENAME TO webhook_attempt_v12;
ALTER TABLE webhook_delivery DROP CONSTRAINT webhook_delivery_event_id_fkey,
    DROP CONSTRAINT webhook_delivery_partner_id_fkey, DROP CONSTRAINT webhook_delivery_state_check,
    DROP CONSTRAINT webhook_delivery_partner_id_event_id_key, DROP CONSTRAINT webhook_delivery_pkey;
DROP INDEX webhook_delivery_due, webhook_delivery_listing, webhook_delivery_finished, webhook_delivery_claimed;
ALTER TABLE webhook_delivery RENAME TO webhook_delivery_v12;
ALTER TABLE tracking_event DROP CONSTRAINT tracking_event_tracking_number_fkey, DROP CONSTRAINT tracking_event_pkey;
DROP INDEX tracking_event_timeline, tracking_event_once_per_flight;
ALTER TABLE tracking_event RENAME TO tracking_event_v12;
-- The sequences outlive the old tables: the new ones draw their ids from them.
ALTER SEQUENCE tracking_event_id_seq OWNED BY NONE;
ALTER SEQUENCE webhook_delivery_id_seq OWNED BY NONE;

CREATE TABLE tracking_event (
    id              BIGINT      NOT NULL DEFAULT nextval('tracking_event_id_seq'),
    tracking_number TEXT        NOT NULL REFERENCES parcel (tracking_number),
    status          TEXT        NOT NULL,
    occurred_at     TIMESTAMPTZ NOT NULL,
    region          TEXT        NOT NULL,
    detail          TEXT,
    flight_id       TEXT,
    -- When the database wrote it: the partition key. Never set by the gateway.
    recorded_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (id, recorded_at)
) PARTITION BY RANGE (recorded_at);
ALTER SEQUENCE tracking_event_id_seq OWNED BY tracking_event.id;
-- A parcel's timeline, and a live stream's events after its Last-Event-ID.
CREATE INDEX tracking_event_timeline ON tracking_event (tracking_number, id);

CREATE TABLE webhook_delivery (
    id                BIGINT      NOT NULL DEFAULT nextval('webhook_delivery_id_seq'),
    partner_id        UUID        NOT NULL REFERENCES partner (id),
    event_id          BIGINT      NOT NULL,
    state             TEXT        NOT NULL CHECK (state IN ('PENDING', 'DELIVERED', 'DEAD', 'CANCELLED')),
    attempts          INT         NOT NULL DEFAULT 0,
    created_at        TIMESTAMPTZ NOT NULL,
    next_attempt_at   TIMESTAMPTZ NOT NULL,
    claimed_until     TIMESTAMPTZ,
    finished_at       TIMESTAMPTZ,
    replayed_at       TIMESTAMPTZ,
    -- The event's recorded_at: the partition key, and with event_id the key of the event (foreign key per month).
    event_recorded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (id, event_recorded_at),
    -- One delivery per event and partner (an event_id has one recorded_at).
    CONSTRAINT webhook_delivery_partner_event UNIQUE (partner_id, event_id, event_recorded_at)
) PARTITION BY RANGE (event_recorded_at);
ALTER SEQUENCE webhook_delivery_id_seq OWNED BY webhook_delivery.id;
CREATE INDEX webhook_delivery_due ON webhook_delivery (partner_id, next_attempt_at) WHERE state = 'PENDING';
CREATE INDEX webhook_delivery_listing ON webhook_delivery (partner_id, id DESC);
CREATE INDEX webhook_delivery_finished ON webhook_delivery (finished_at) WHERE state <> 'PENDING';
CREATE INDEX webhook_delivery_claimed ON webhook_delivery (partner_id)
    WHERE state = 'PENDING' AND claimed_until IS NOT NULL;

CREATE TABLE webhook_attempt (
    delivery_id       BIGINT      NOT NULL,
    attempt           INT         NOT NULL,
    attempted_at      TIMESTAMPTZ NOT NULL,
    url               TEXT        NOT NULL,
    response_status   INT,
    error             TEXT,
    duration_ms       BIGINT      NOT NULL,
    -- The delivery's event_recorded_at: the partition key, and with delivery_id the key of the delivery.
    event_recorded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (delivery_id, attempt, event_recorded_at)
) PARTITION BY RANGE (event_recorded_at);

-- Creates the month's partition of each table (the month of p_day, in UTC) with the foreign keys between them,
-- unless it exists: idempotent, and safe from several gateways at once (they take turns on an advisory lock, and
-- one that finds a table made meanwhile by another leaves it). Creating a partition locks its parent exclusively
-- for a moment, so nothing is created when it exists already. @return how many tables it created
CREATE FUNCTION create_month_partitions(p_day DATE) RETURNS INT AS $$
DECLARE
    first_day TIMESTAMP := date_trunc('month', p_day);
    suffix    TEXT := to_char(first_day, 'YYYY_MM');
    bounds    TEXT := format('FOR VALUES FROM (%L) TO (%L)', first_day || '+00', (first_day + interval '1 month') || '+00');
    tables    TEXT[] := ARRAY[
        format('CREATE TABLE %I PARTITION OF tracking_event %s', 'tracking_event_' || suffix, bounds),
        format('CREATE TABLE %I PARTITION OF webhook_delivery (CONSTRAINT %I FOREIGN KEY (event_id, event_recorded_at)'
                   || ' REFERENCES %I (id, recorded_at)) %s', 'webhook_delivery_' || suffix,
               'webhook_delivery_' || suffix || '_event', 'tracking_event_' || suffix, bounds),
        format('CREATE TABLE %I PARTITION OF webhook_attempt (CONSTRAINT %I FOREIGN KEY (delivery_id, event_recorded_at)'
                   || ' REFERENCES %I (id, event_recorded_at)) %s', 'webhook_attempt_' || suffix,
               'webhook_attempt_' || suffix || '_delivery', 'webhook_delivery_' || suffix, bounds)];
    names     TEXT[] := ARRAY['tracking_event_' || suffix, 'webhook_delivery_' || suffix, 'webhook_attempt_' || suffix];
    created   INT := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('rocketexpress partitions'));
    FOR i IN 1 .. 3 LOOP
        IF to_regclass(names[i]) IS NULL THEN
            BEGIN
                EXECUTE tables[i];
                created := created + 1;
            EXCEPTION WHEN duplicate_table THEN
                -- Another gateway created it since this one looked.
            END;
        END IF;
    END LOOP;
    RETURN created;
END;
$$ LANGUAGE plpgsql;

-- Every month that existing events were recorded in, this month and three ahead.
DO $$
BEGIN
    PERFORM create_month_partitions(day::date)
    FROM (SELECT DISTINCT date_trunc('month', least(occurred_at, now()) AT TIME ZONE 'UTC') AS day FROM tracking_event_v12
          UNION
          SELECT date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => ahead)
          FROM generate_series(0, 3) AS ahead) AS months
    ORDER BY day;
END;
$$;

INSERT INTO tracking_event (id, tracking_number, status, occurred_at, region, detail, flight_id, recorded_at)
SELECT id, tracking_number, status, occurred_at, region, detail, flight_id, least(occurred_at, now())
FROM tracking_event_v12;
INSERT INTO webhook_delivery (id, partner_id, event_id, state, attempts, created_at, next_attempt_at, claimed_until,
                              finished_at, replayed_at, event_recorded_at)
SELECT d.id, d.partner_id, d.event_id, d.state, d.attempts, d.created_at, d.next_attempt_at, d.claimed_until,
       d.finished_at, d.replayed_at, e.recorded_at
FROM webhook_delivery_v12 d JOIN tracking_event e ON e.id = d.event_id;
INSERT INTO webhook_attempt (delivery_id, attempt, attempted_at, url, response_status, error, duration_ms,
                             event_recorded_at)
SELECT a.delivery_id, a.attempt, a.attempted_at, a.url, a.response_status, a.error, a.duration_ms,
       d.event_recorded_at
FROM webhook_attempt_v12 a JOIN webhook_delivery d ON d.id = a.delivery_id;

-- Nothing is left behind: the old tables go only when every row made it across.
DO $$
BEGIN
    IF (SELECT count(*) FROM tracking_event) <> (SELECT count(*) FROM tracking_event_v12)
            OR (SELECT count(*) FROM webhook_delivery) <> (SELECT count(*) FROM webhook_delivery_v12)
            OR (SELECT count(*) FROM webhook_attempt) <> (SELECT count(*) FROM webhook_attempt_v12) THEN
        RAISE EXCEPTION 'rows were lost copying tracking events, webhook deliveries or attempts into partitions';
    END IF;
END;
$$;
DROP TABLE webhook_attempt_v12, webhook_delivery_v12, tracking_event_v12;

-- The outbox row now names its event by id and recorded_at. As before (V5), it is written in the event's
-- transaction, and live streams hear of the event once it commits.
CREATE OR REPLACE FUNCTION tracking_event_written() RETURNS trigger AS $$
BEGIN
    INSERT INTO webhook_delivery (partner_id, event_id, event_recorded_at, state, created_at, next_attempt_at)
    SELECT e.partner_id, NEW.id, NEW.recorded_at, 'PENDING', clock_timestamp(), clock_timestamp()
    FROM parcel p
    JOIN booking b ON b.id = p.booking_id
    JOIN webhook_endpoint e ON e.partner_id = b.partner_id
    WHERE p.tracking_number = NEW.tracking_number;
    PERFORM pg_notify('tracking_event', NEW.tracking_number);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER tracking_event_written AFTER INSERT ON tracking_event
    FOR EACH ROW EXECUTE FUNCTION tracking_event_written();

-- A parcel gets a status caused by a flight once per flight (V4's unique index tracking_event_once_per_flight,
-- which a partitioned table cannot keep across months). The writer takes the parcel's row lock, which every other
-- writer of the same parcel's flight events takes too, then looks for an earlier such event: two transactions
-- writing the same one queue on the lock, and the second (READ COMMITTED, as the gateway's are) sees the first's
-- committed event and fails as the unique index failed. Row locks cost no lock-table entry, so a flight of
-- thousands of parcels takes them in one transaction. A flight's steps come within days of each other (its
-- cutoff, liftoff, landing, recovery), so the look goes back to the start of the month before the event's and no
-- further: its cost stays that of two months' indexes however many months are kept.
CREATE FUNCTION tracking_event_once_per_flight() RETURNS trigger AS $$
BEGIN
    PERFORM 1 FROM parcel WHERE tracking_number = NEW.tracking_number FOR NO KEY UPDATE;
    IF EXISTS (SELECT 1 FROM tracking_event
               WHERE tracking_number = NEW.tracking_number AND status = NEW.status AND flight_id = NEW.flight_id
                 AND recorded_at >= date_trunc('month', (NEW.recorded_at AT TIME ZONE 'UTC') - interval '1 month')
                                    AT TIME ZONE 'UTC'
                 AND id <> NEW.id) THEN
        RAISE EXCEPTION 'parcel % already has status % for flight %', NEW.tracking_number, NEW.status, NEW.flight_id
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'tracking_event_once_per_flight', TABLE = 'tracking_event';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER tracking_event_once_per_flight AFTER INSERT ON tracking_event
    FOR EACH ROW WHEN (NEW.flight_id IS NOT NULL) EXECUTE FUNCTION tracking_event_once_per_flight();

-- The planner has no statistics for freshly filled tables until autovacuum comes by, and none ever for a
-- partitioned parent: gather them now.
ANALYZE tracking_event, webhook_delivery, webhook_attempt;
