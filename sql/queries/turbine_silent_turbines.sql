-- Turbines: turbines seen in the last 7 days whose latest reading is more than 5 minutes old.
-- Answers: which turbine (or its link) has gone quiet, and since when?
SELECT
  turbine_id,
  max(reading_time) AS last_reading,
  date_diff('minute', max(reading_time), CAST(current_timestamp AS timestamp)) AS minutes_silent
FROM turbine_telemetry_processed
WHERE dt >= date_format(current_timestamp - INTERVAL '7' DAY, '%Y-%m-%d')
GROUP BY turbine_id
HAVING max(reading_time) < current_timestamp - INTERVAL '5' MINUTE
ORDER BY last_reading
