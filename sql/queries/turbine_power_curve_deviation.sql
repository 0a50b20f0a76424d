-- Turbines: actual output against the power curve per turbine and 1 m/s wind bin, last 24 hours.
-- Answers: which turbine under-performs, and at which wind speeds?
SELECT
  turbine_id,
  floor(wind_speed_ms) AS wind_bin_ms,
  count(*) AS readings,
  round(avg(power_output_kw), 1) AS avg_power_output_kw,
  round(avg(expected_power_kw), 1) AS avg_expected_power_kw,
  round(avg(power_deviation_pct), 2) AS avg_deviation_pct
FROM turbine_telemetry_processed
WHERE dt >= date_format(current_timestamp - INTERVAL '1' DAY, '%Y-%m-%d')
  AND reading_time >= current_timestamp - INTERVAL '1' DAY
  AND status = 'ok'
  AND power_deviation_pct IS NOT NULL
GROUP BY turbine_id, floor(wind_speed_ms)
ORDER BY avg_deviation_pct, turbine_id, wind_bin_ms
