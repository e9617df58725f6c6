-- Gateways keep live API keys in memory, so a request needs no database round trip to authenticate. When a key
-- is revoked or removed, every replica hears of it as the transaction commits, and forgets the key at once.
CREATE FUNCTION api_key_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.revoked_at IS DISTINCT FROM OLD.revoked_at OR NEW.hash <> OLD.hash
            OR NEW.partner_id <> OLD.partner_id THEN
        PERFORM pg_notify('api_key_changed', OLD.hash);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER api_key_changed AFTER UPDATE OR DELETE ON api_key
    FOR EACH ROW EXECUTE FUNCTION api_key_changed();
