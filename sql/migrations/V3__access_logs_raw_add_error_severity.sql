-- Producers started sending the severity they assign to an error
-- (error_severity in datasets/access-logs.ts). Hive tables in Athena can only
-- append columns (no DROP or RENAME), so the evolution is an ADD COLUMNS; older
-- objects without the key read it as NULL.
ALTER TABLE ${database}.access_logs_raw ADD COLUMNS (error_severity string COMMENT 'Producer-assigned severity');
