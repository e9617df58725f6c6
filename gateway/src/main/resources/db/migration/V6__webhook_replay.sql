-- A partner may send a given-up delivery again; its give-up time then counts from that moment.
ALTER TABLE webhook_delivery ADD COLUMN replayed_at TIMESTAMPTZ;
