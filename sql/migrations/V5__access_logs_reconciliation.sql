-- access-logs reconciliation: raw and processed record counts per UTC EVENT date.
-- Each dataset owns its reconciliation view, created by its own migration (a new
-- dataset's raw-table migration creates it beside the table; see
-- docs/architecture.md, "Adding a dataset"). It replaces the two-dataset
-- pipeline_reconciliation view that R__analysis_views.sql held (dropped by V7).
--
-- Per event date, not per arrival date (dt): per dt the two sides differ wherever
-- a file crosses midnight (the raw Firehose names a file by when its buffer opened,
-- the processed one by its own buffer), so a record can land on 23:59 raw and 00:00
-- processed, and the view would read as data loss. By event date each record counts
-- on the same day on both sides. Raw event times are strings as the producers sent
-- them, ISO-8601 text (any offset) or epoch milliseconds: both are parsed. A value
-- that is neither counts under event_date NULL (try(): without it, one such value
-- fails the whole view, in Athena and locally), as does a malformed line (all
-- columns NULL, V4); the processor quarantines both. Dates are UTC. The view scans
-- all partitions of both tables. The gap, quarantined_or_lost, is quarantine plus loss.
CREATE OR REPLACE VIEW ${database}.access_logs_reconciliation AS
SELECT 'access-logs' AS dataset, r.event_date, r.raw_records, coalesce(p.processed_records, 0) AS processed_records, r.raw_records - coalesce(p.processed_records, 0) AS quarantined_or_lost
FROM (
  SELECT CAST(try(CASE WHEN try_cast(access_time AS bigint) IS NOT NULL THEN from_unixtime(try_cast(access_time AS bigint) / 1000.0) ELSE from_iso8601_timestamp(access_time) END) AT TIME ZONE 'UTC' AS date) AS event_date, count(*) AS raw_records
  FROM ${database}.access_logs_raw
  GROUP BY 1
) r
LEFT JOIN (
  SELECT CAST(access_time AS date) AS event_date, count(*) AS processed_records
  FROM ${database}.access_logs_processed
  GROUP BY 1
) p ON r.event_date = p.event_date;
