-- Access logs: requests per region in the last complete hour against the same hour one week earlier.
-- Answers: is usage now unusual for this time of the week?
SELECT
  region,
  requests_this_hour,
  requests_same_hour_last_week,
  round(CAST(requests_this_hour AS double) / nullif(requests_same_hour_last_week, 0), 3) AS ratio
FROM (
  SELECT
    region,
    count_if(access_time >= date_trunc('hour', current_timestamp) - INTERVAL '1' HOUR
      AND access_time < date_trunc('hour', current_timestamp)) AS requests_this_hour,
    count_if(access_time >= date_trunc('hour', current_timestamp) - INTERVAL '1' HOUR - INTERVAL '7' DAY
      AND access_time < date_trunc('hour', current_timestamp) - INTERVAL '7' DAY) AS requests_same_hour_last_week
  FROM access_logs_processed
  WHERE dt >= date_format(current_timestamp - INTERVAL '8' DAY, '%Y-%m-%d')
  GROUP BY region
) AS hourly
ORDER BY region
