-- Views for the analyses and the saved queries. Repeatable: re-run whenever this
-- file changes, after all versioned migrations. They read the Terraform-owned
-- processed tables (typed and enriched by the processor) and the raw tables.
-- Each dataset's reconciliation view (<dataset>_reconciliation) is not here: its
-- dataset's own versioned migration creates it (V5, V6; docs/architecture.md).

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
