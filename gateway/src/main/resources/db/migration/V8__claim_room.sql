-- Claims room on a flight, or fails with SQLSTATE RX001 when the flight no longer has it. A booking sends this as
-- its transaction's last statement, with the COMMIT right behind it in the same round trip: the flight's row is
-- then locked only while PostgreSQL goes from this statement to the commit, never while a client thinks, so the
-- bookings of a busy route do not queue behind each other. On failure the COMMIT rolls everything back.
CREATE FUNCTION claim_room(p_flight TEXT, p_grams BIGINT, p_cm3 BIGINT, p_at TIMESTAMPTZ, p_on_sale TEXT[])
    RETURNS VOID AS $$
BEGIN
    UPDATE flight SET booked_g = booked_g + p_grams, booked_cm3 = booked_cm3 + p_cm3
    WHERE id = p_flight AND booked_g + p_grams <= capacity_g AND booked_cm3 + p_cm3 <= capacity_cm3
      AND NOT sealed AND cutoff_at > p_at AND phase = ANY (p_on_sale);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'flight % has no room left for % g and % cm3', p_flight, p_grams, p_cm3
            USING ERRCODE = 'RX001';
    END IF;
END;
$$ LANGUAGE plpgsql;
