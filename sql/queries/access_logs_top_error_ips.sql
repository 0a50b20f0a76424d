-- Access logs: client IPs with the most errors over the last 24 hours.
-- Answers: is one client (a scraper, a broken app build, an attack) producing the errors?
SELECT
  client_ip,
  count_if(is_error) AS errors,
  count(*) AS requests,
  count(DISTINCT region) AS regions
FROM access_logs_processed
WHERE dt >= date_format(current_timestamp - INTERVAL '1' DAY, '%Y-%m-%d')
  AND access_time >= current_timestamp - INTERVAL '1' DAY
GROUP BY client_ip
HAVING count_if(is_error) > 0
ORDER BY errors DESC, client_ip
LIMIT 20
