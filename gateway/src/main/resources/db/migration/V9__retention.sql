-- Retention retires old rows a batch at a time, oldest first, without scanning whole tables.
CREATE INDEX idempotency_record_created ON idempotency_record (created_at);
CREATE INDEX webhook_delivery_finished ON webhook_delivery (finished_at) WHERE state <> 'PENDING';
