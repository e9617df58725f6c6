-- Partners of the network and the API keys they authenticate with.
CREATE TABLE partner (
    id         UUID PRIMARY KEY,
    name       TEXT        NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);

-- Only a hash of each key is kept: a key is shown once, when issued.
CREATE TABLE api_key (
    id         UUID PRIMARY KEY,
    partner_id UUID        NOT NULL REFERENCES partner (id),
    prefix     TEXT        NOT NULL,
    hash       TEXT        NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);

CREATE INDEX api_key_partner ON api_key (partner_id);
