-- Access logs: critical errors in the last hour, newest first.
-- Answers: which requests hit an outage-class error code, where, and why?
SELECT
  access_time,
  region,
  device_type,
  status_code,
  error_code,
  critical_reason,
  client_ip,
  request_path
FROM access_logs_processed
WHERE dt >= date_format(current_timestamp - INTERVAL '1' HOUR, '%Y-%m-%d')
  AND is_critical
  AND access_time >= current_timestamp - INTERVAL '1' HOUR
ORDER BY access_time DESC
LIMIT 1000
