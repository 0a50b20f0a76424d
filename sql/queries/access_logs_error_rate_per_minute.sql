-- Access logs: error rate per minute and region over the last 24 hours.
-- Answers: where and when did requests start failing?
SELECT
  minute,
  region,
  sum(requests) AS requests,
  sum(errors) AS errors,
  round(CAST(sum(errors) AS double) / sum(requests), 4) AS error_rate
FROM access_logs_minute_stats
WHERE dt >= date_format(current_timestamp - INTERVAL '1' DAY, '%Y-%m-%d')
  AND minute >= current_timestamp - INTERVAL '1' DAY
GROUP BY minute, region
ORDER BY minute DESC, region
