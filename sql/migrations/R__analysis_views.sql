-- Views for the analyses and the saved queries. Repeatable: re-run whenever this
-- file changes, after all versioned migrations. They read the Terraform-owned
-- processed tables (typed and enriched by the processor) and the raw tables.

/* Per minute and region: traffic, errors, critical errors and tail latency.
   dt is kept as a column so that a filter on it prunes partitions through the view;
   a minute that straddles two arrival dates has two rows, so re-aggregate by minute. */
CREATE OR REPLACE VIEW ${database}.access_logs_minute_stats AS
SELECT
  dt,
  date_trunc('minute', access_time) AS minute,
  region,
  count(*) AS requests,
  count_if(is_error) AS errors,
  count_if(is_critical) AS critical_errors,
  approx_percentile(latency_ms, 0.99) AS latency_p99_ms,
  sum(bytes_sent) AS bytes_sent
FROM ${database}.access_logs_processed
GROUP BY dt, date_trunc('minute', access_time), region;

/* Per turbine and hour: the averages the operators watch. */
CREATE OR REPLACE VIEW ${database}.turbine_telemetry_hourly AS
SELECT
  dt,
  turbine_id,
  date_trunc('hour', reading_time) AS hour,
  count(*) AS readings,
  avg(wind_speed_ms) AS avg_wind_speed_ms,
  avg(rotor_rpm) AS avg_rotor_rpm,
  avg(power_output_kw) AS avg_power_output_kw,
  avg(expected_power_kw) AS avg_expected_power_kw,
  avg(nacelle_temp_c) AS avg_nacelle_temp_c,
  max(vibration_mm_s) AS max_vibration_mm_s,
  count_if(temp_out_of_range OR vibration_out_of_range) AS out_of_range_readings
FROM ${database}.turbine_telemetry_processed
GROUP BY dt, turbine_id, date_trunc('hour', reading_time);

/* Raw and processed counts per EVENT date, not per arrival date. Per arrival date (dt) the
   two sides differ wherever a file crosses midnight: the raw Firehose names a file by when its
   buffer opened, the processed one by its own buffer, so a record can land on 23:59 raw and
   00:00 processed, and the view read as data loss. By event date each record counts on the
   same day on both sides. Raw event times are strings as the producers sent them, ISO-8601
   text or epoch milliseconds: both are parsed (a value that is neither counts under
   event_date NULL, and the processor quarantines it). Dates are UTC. The view scans all
   partitions of both tables. */
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
