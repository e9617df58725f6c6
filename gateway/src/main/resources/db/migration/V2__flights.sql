-- The schedule as the gateway sells it: one row per Launch of this region's cluster.
-- Mass is kept in grams and volume in cubic centimetres, so capacity sums are exact.
CREATE TABLE flight (
    id          TEXT PRIMARY KEY,
    origin      TEXT        NOT NULL,
    destination TEXT        NOT NULL,
    opens_at    TIMESTAMPTZ NOT NULL,
    closes_at   TIMESTAMPTZ NOT NULL,
    cutoff_at   TIMESTAMPTZ NOT NULL,
    capacity_g  BIGINT      NOT NULL CHECK (capacity_g >= 0),
    capacity_cm3 BIGINT     NOT NULL CHECK (capacity_cm3 >= 0),
    booked_g    BIGINT      NOT NULL DEFAULT 0 CHECK (booked_g >= 0),
    booked_cm3  BIGINT      NOT NULL DEFAULT 0 CHECK (booked_cm3 >= 0),
    phase       TEXT        NOT NULL,
    sealed      BOOLEAN     NOT NULL DEFAULT FALSE,
    updated_at  TIMESTAMPTZ NOT NULL,
    CHECK (closes_at > opens_at),
    CHECK (cutoff_at <= opens_at)
);

CREATE INDEX flight_route_opening ON flight (origin, destination, opens_at);
