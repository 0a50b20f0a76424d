-- Turbines: faults per turbine and fault code over the last 7 days.
-- Answers: which turbine faults most, with which codes, and when last?
SELECT
  turbine_id,
  coalesce(fault_code, 'none') AS fault_code,
  count(*) AS faults,
  max(reading_time) AS last_fault
FROM turbine_telemetry_processed
WHERE dt >= date_format(current_timestamp - INTERVAL '7' DAY, '%Y-%m-%d')
  AND reading_time >= current_timestamp - INTERVAL '7' DAY
  AND (status = 'fault' OR fault_code IS NOT NULL)
GROUP BY turbine_id, coalesce(fault_code, 'none')
ORDER BY faults DESC, turbine_id
