-- A partner can be suspended and resumed. Its keys stay as they are; every replica forgets what it cached of
-- them when the suspension changes, so the change takes effect at once everywhere.
ALTER TABLE partner ADD COLUMN suspended_at TIMESTAMPTZ;

CREATE FUNCTION partner_suspension_changed() RETURNS trigger AS $$
BEGIN
    IF NEW.suspended_at IS DISTINCT FROM OLD.suspended_at THEN
        PERFORM pg_notify('api_key_changed', k.hash) FROM api_key k WHERE k.partner_id = NEW.id;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER partner_suspension_changed AFTER UPDATE ON partner
    FOR EACH ROW EXECUTE FUNCTION partner_suspension_changed();
