-- What the gateway learns from and writes to the Launches of its region's cluster.
ALTER TABLE flight ADD COLUMN manifest_id TEXT;
ALTER TABLE flight ADD COLUMN sealed_at TIMESTAMPTZ;
-- The replica sealing the manifest now, and until when its claim holds (it patches the Launch meanwhile).
ALTER TABLE flight ADD COLUMN sealing_claim TEXT;
ALTER TABLE flight ADD COLUMN sealing_until TIMESTAMPTZ;
-- The last Launch phase whose tracking events were recorded for every parcel on the flight.
ALTER TABLE flight ADD COLUMN timeline_phase TEXT;
CREATE INDEX flight_due_for_sealing ON flight (cutoff_at) WHERE NOT sealed;

-- Events caused by a flight name it: a parcel gets each such status once per flight, whichever replica
-- records it and however often a Launch's phase change is seen.
ALTER TABLE tracking_event ADD COLUMN flight_id TEXT;
CREATE UNIQUE INDEX tracking_event_once_per_flight ON tracking_event (tracking_number, status, flight_id)
    WHERE flight_id IS NOT NULL;
