-- Rotation: the secret a registration replaced keeps signing, next to the new one, until previous_secret_until.
-- Secrets (both) are stored encrypted by the gateway ("v1:..."); a value without that prefix is one stored
-- before encryption and is read as it is.
ALTER TABLE webhook_endpoint ADD COLUMN previous_secret TEXT;
ALTER TABLE webhook_endpoint ADD COLUMN previous_secret_until TIMESTAMPTZ;
-- When a dispatch round last took deliveries of the endpoint: rounds take the endpoints least recently served
-- first, so each gets its turn.
ALTER TABLE webhook_endpoint ADD COLUMN served_at TIMESTAMPTZ;

-- Deliveries being sent now, counted against an endpoint's cap on deliveries in flight.
CREATE INDEX webhook_delivery_claimed ON webhook_delivery (partner_id)
    WHERE state = 'PENDING' AND claimed_until IS NOT NULL;

-- The log used to quote endpoints' answers and exception texts; it now keeps a short class of error only.
UPDATE webhook_attempt
SET error = CASE
        WHEN response_status IS NOT NULL THEN 'status'
        WHEN error ILIKE '%timeout%' THEN 'timeout'
        WHEN error ILIKE '%ssl%' OR error ILIKE '%certificate%' THEN 'tls'
        ELSE 'refused'
    END
WHERE error IS NOT NULL;
