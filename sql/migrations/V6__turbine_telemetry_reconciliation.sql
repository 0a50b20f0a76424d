-- turbine-telemetry reconciliation: raw and processed record counts per UTC EVENT
-- date, the same columns and semantics as access_logs_reconciliation (V5, which
-- says why event date and not arrival date). reading_time is parsed from ISO-8601
-- text (any offset) or epoch milliseconds; anything else counts under event_date NULL.
CREATE OR REPLACE VIEW ${database}.turbine_telemetry_reconciliation AS
SELECT 'turbine-telemetry' AS dataset, r.event_date, r.raw_records, coalesce(p.processed_records, 0) AS processed_records, r.raw_records - coalesce(p.processed_records, 0) AS quarantined_or_lost
FROM (
  SELECT CAST(try(CASE WHEN try_cast(reading_time AS bigint) IS NOT NULL THEN from_unixtime(try_cast(reading_time AS bigint) / 1000.0) ELSE from_iso8601_timestamp(reading_time) END) AT TIME ZONE 'UTC' AS date) AS event_date, count(*) AS raw_records
  FROM ${database}.turbine_telemetry_raw
  GROUP BY 1
) r
LEFT JOIN (
  SELECT CAST(reading_time AS date) AS event_date, count(*) AS processed_records
  FROM ${database}.turbine_telemetry_processed
  GROUP BY 1
) p ON r.event_date = p.event_date;
