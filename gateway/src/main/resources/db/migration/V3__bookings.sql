-- Bookings, their parcels, and every parcel's tracking timeline.
CREATE TABLE booking (
    id             UUID PRIMARY KEY,
    partner_id     UUID        NOT NULL REFERENCES partner (id),
    origin         TEXT        NOT NULL,
    destination    TEXT        NOT NULL,
    status         TEXT        NOT NULL,
    flight_id      TEXT REFERENCES flight (id),
    mass_g         BIGINT      NOT NULL,
    volume_cm3     BIGINT      NOT NULL,
    chargeable_g   BIGINT      NOT NULL,
    price          NUMERIC(14, 2) NOT NULL,
    currency       TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    CHECK ((status = 'CONFIRMED') = (flight_id IS NOT NULL) OR status = 'CANCELLED')
);

-- A partner's bookings, newest first: the listing and its cursor.
CREATE INDEX booking_partner_listing ON booking (partner_id, created_at DESC, id DESC);
-- The waitlist of a route, oldest first.
CREATE INDEX booking_waitlist ON booking (origin, destination, created_at) WHERE status = 'WAITLISTED';
CREATE INDEX booking_flight ON booking (flight_id);

CREATE TABLE parcel (
    tracking_number TEXT PRIMARY KEY,
    booking_id      UUID        NOT NULL REFERENCES booking (id),
    position        INT         NOT NULL,
    mass_g          BIGINT      NOT NULL,
    length_cm       NUMERIC(8, 1) NOT NULL,
    width_cm        NUMERIC(8, 1) NOT NULL,
    height_cm       NUMERIC(8, 1) NOT NULL,
    status          TEXT        NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (booking_id, position)
);

CREATE TABLE tracking_event (
    id              BIGSERIAL PRIMARY KEY,
    tracking_number TEXT        NOT NULL REFERENCES parcel (tracking_number),
    status          TEXT        NOT NULL,
    occurred_at     TIMESTAMPTZ NOT NULL,
    region          TEXT        NOT NULL,
    detail          TEXT
);

CREATE INDEX tracking_event_timeline ON tracking_event (tracking_number, id);

-- The first answer to each (partner, Idempotency-Key), replayed to retries.
CREATE TABLE idempotency_record (
    partner_id      UUID        NOT NULL REFERENCES partner (id),
    idempotency_key TEXT        NOT NULL,
    request_hash    TEXT        NOT NULL,
    response_status INT,
    response_body   TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (partner_id, idempotency_key)
);
