-- Access logs: device types ranked by bytes served over the last 24 hours.
-- Answers: which clients drive the traffic (requests, bytes, distinct users)?
SELECT
  device_type,
  count(*) AS requests,
  sum(bytes_sent) AS bytes_sent,
  count(DISTINCT user_id) AS users
FROM access_logs_processed
WHERE dt >= date_format(current_timestamp - INTERVAL '1' DAY, '%Y-%m-%d')
  AND access_time >= current_timestamp - INTERVAL '1' DAY
GROUP BY device_type
ORDER BY bytes_sent DESC, device_type
LIMIT 20
