-- A parcel weighs at least 1 g and each side is at least 1 mm, so every parcel takes capacity. The API
-- refuses smaller ones; the schema refuses them too. NOT VALID: rows written before these rules are not
-- scanned (and not refused) here; once they are fixed or retired, an operator can run
-- ALTER TABLE parcel VALIDATE CONSTRAINT parcel_minimum_mass (and the others) without blocking writes.
ALTER TABLE parcel ADD CONSTRAINT parcel_minimum_mass CHECK (mass_g >= 1) NOT VALID;
ALTER TABLE parcel ADD CONSTRAINT parcel_minimum_sides
    CHECK (length_cm >= 0.1 AND width_cm >= 0.1 AND height_cm >= 0.1) NOT VALID;
ALTER TABLE booking ADD CONSTRAINT booking_minimum_mass CHECK (mass_g >= 1) NOT VALID;
