-- A raw line that is not JSON (a truncated write, a producer bug) must not break
-- every query over its partition. Without 'ignore.malformed.json' the OpenX JSON
-- SerDe fails the whole query on one such line. With it, the line reads as a row
-- whose columns are all NULL: queries keep working, the line still counts as a
-- raw record (pipeline_reconciliation shows it as arrived but not processed), and
-- `WHERE event_id IS NULL` finds it. The local engine reads it the same way
-- (DuckDB read_json ignore_errors).
ALTER TABLE ${database}.access_logs_raw SET SERDEPROPERTIES ('ignore.malformed.json' = 'true');
ALTER TABLE ${database}.turbine_telemetry_raw SET SERDEPROPERTIES ('ignore.malformed.json' = 'true');
