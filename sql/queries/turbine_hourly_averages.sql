-- Turbines: hourly averages per turbine over the last 24 hours.
-- Answers: how did each turbine run, hour by hour (wind, rotor, power, temperature, vibration)?
SELECT
  turbine_id,
  hour,
  sum(readings) AS readings,
  round(avg(avg_wind_speed_ms), 2) AS avg_wind_speed_ms,
  round(avg(avg_rotor_rpm), 2) AS avg_rotor_rpm,
  round(avg(avg_power_output_kw), 1) AS avg_power_output_kw,
  round(avg(avg_nacelle_temp_c), 1) AS avg_nacelle_temp_c,
  max(max_vibration_mm_s) AS max_vibration_mm_s
FROM turbine_telemetry_hourly
WHERE dt >= date_format(current_timestamp - INTERVAL '1' DAY, '%Y-%m-%d')
  AND hour >= current_timestamp - INTERVAL '1' DAY
GROUP BY turbine_id, hour
ORDER BY turbine_id, hour
