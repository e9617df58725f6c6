-- A partner's webhook endpoint. The secret signs every delivery, so it is kept as issued (it is shown to the
-- partner once). The circuit breaker lives here too, so every replica honours it and a restart keeps it.
CREATE TABLE webhook_endpoint (
    partner_id    UUID PRIMARY KEY REFERENCES partner (id),
    url           TEXT        NOT NULL,
    secret        TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    -- Failed attempts in a row; the breaker opens at a threshold and a success closes it.
    failures      INT         NOT NULL DEFAULT 0,
    -- While in the future, nothing is sent; once past, one delivery probes the endpoint.
    open_until    TIMESTAMPTZ
);

-- The outbox: one row per tracking event and partner endpoint, written by the trigger below in the
-- transaction that writes the event, so no event is committed without its delivery.
CREATE TABLE webhook_delivery (
    id              BIGSERIAL PRIMARY KEY,
    partner_id      UUID        NOT NULL REFERENCES partner (id),
    event_id        BIGINT      NOT NULL REFERENCES tracking_event (id),
    state           TEXT        NOT NULL CHECK (state IN ('PENDING', 'DELIVERED', 'DEAD', 'CANCELLED')),
    attempts        INT         NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    -- A replica sending it now holds it until then; a crashed replica's claim lapses.
    claimed_until   TIMESTAMPTZ,
    finished_at     TIMESTAMPTZ,
    UNIQUE (partner_id, event_id)
);

CREATE INDEX webhook_delivery_due ON webhook_delivery (partner_id, next_attempt_at) WHERE state = 'PENDING';
CREATE INDEX webhook_delivery_listing ON webhook_delivery (partner_id, id DESC);

-- Every attempt to deliver, for the partner's delivery log.
CREATE TABLE webhook_attempt (
    delivery_id   BIGINT      NOT NULL REFERENCES webhook_delivery (id),
    attempt       INT         NOT NULL,
    attempted_at  TIMESTAMPTZ NOT NULL,
    url           TEXT        NOT NULL,
    -- The endpoint's HTTP status; null when no answer came (refused, timed out).
    response_status INT,
    error         TEXT,
    duration_ms   BIGINT      NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);

-- Whatever writes a tracking event (a booking, a flight's progress, a last-mile report, a rebooking), the
-- event's outbox row is written with it, and listeners of the live stream hear of it once it commits.
CREATE FUNCTION tracking_event_written() RETURNS trigger AS $$
BEGIN
    INSERT INTO webhook_delivery (partner_id, event_id, state, created_at, next_attempt_at)
    SELECT e.partner_id, NEW.id, 'PENDING', clock_timestamp(), clock_timestamp()
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
