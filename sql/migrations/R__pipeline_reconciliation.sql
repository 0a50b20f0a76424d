-- Replaces pipeline_reconciliation of R__analysis_views.sql (repeatables run in file-name
-- order, so this one runs after it): raw and processed counts per EVENT date, not per
-- arrival date. Per arrival date (dt) the two sides differ wherever a file crosses
-- midnight: the raw Firehose names a file by when its buffer opened, the processed one by
-- its own buffer, so a record can land on 23:59 raw and 00:00 processed, and the view read
-- as data loss. By event date each record counts on the same day on both sides.
-- Raw event times are strings as the producers sent them, ISO-8601 text or epoch
-- milliseconds: both are parsed (a value that is neither counts under event_date NULL, and
-- the processor quarantines it). Dates are UTC. The view scans all partitions of both tables.

/* Per dataset and UTC event date: records raw and processed; the gap is quarantine plus loss. */
CREATE OR REPLACE VIEW ${database}.pipeline_reconciliation AS
SELECT 'access-logs' AS dataset, r.event_date, r.raw_records, coalesce(p.processed_records, 0) AS processed_records, r.raw_records - coalesce(p.processed_records, 0) AS quarantined_or_lost
FROM (
  SELECT CAST((CASE WHEN try_cast(access_time AS bigint) IS NOT NULL THEN from_unixtime(try_cast(access_time AS bigint) / 1000.0) ELSE from_iso8601_timestamp(access_time) END) AT TIME ZONE 'UTC' AS date) AS event_date, count(*) AS raw_records
  FROM ${database}.access_logs_raw
  GROUP BY 1
) r
LEFT JOIN (
  SELECT CAST(access_time AS date) AS event_date, count(*) AS processed_records
  FROM ${database}.access_logs_processed
  GROUP BY 1
) p ON r.event_date = p.event_date
UNION ALL
SELECT 'turbine-telemetry' AS dataset, r.event_date, r.raw_records, coalesce(p.processed_records, 0) AS processed_records, r.raw_records - coalesce(p.processed_records, 0) AS quarantined_or_lost
FROM (
  SELECT CAST((CASE WHEN try_cast(reading_time AS bigint) IS NOT NULL THEN from_unixtime(try_cast(reading_time AS bigint) / 1000.0) ELSE from_iso8601_timestamp(reading_time) END) AT TIME ZONE 'UTC' AS date) AS event_date, count(*) AS raw_records
  FROM ${database}.turbine_telemetry_raw
  GROUP BY 1
) r
LEFT JOIN (
  SELECT CAST(reading_time AS date) AS event_date, count(*) AS processed_records
  FROM ${database}.turbine_telemetry_processed
  GROUP BY 1
) p ON r.event_date = p.event_date;
