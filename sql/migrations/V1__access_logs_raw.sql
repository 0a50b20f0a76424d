-- Raw access logs as the raw Firehose writes them: GZIP newline-delimited JSON
-- under s3://<raw bucket>/access-logs/dt=YYYY-MM-DD/ (arrival date, UTC).
-- Columns are the declaration's fields (datasets/access-logs.ts) as producers
-- send them; access_time stays a string because producers send ISO-8601 or epoch
-- milliseconds, and the processed table holds the parsed value.
-- error_severity is added by V3 (the example of evolving a table).
-- Partition projection describes dt, so no crawler partitions are ever needed.
CREATE EXTERNAL TABLE IF NOT EXISTS ${database}.access_logs_raw (
  event_id string COMMENT 'Producer-assigned UUID',
  access_time string COMMENT 'ISO-8601 or epoch milliseconds, as sent',
  client_ip string,
  device_type string,
  user_id string,
  http_method string,
  request_path string,
  status_code int,
  latency_ms int,
  bytes_sent bigint,
  error_code string,
  region string
)
COMMENT 'Raw access events (migration-owned)'
PARTITIONED BY (dt string COMMENT 'Arrival date, yyyy-MM-dd')
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
  OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION '${raw_location}access-logs/'
TBLPROPERTIES (
  'classification' = 'json',
  'compressionType' = 'gzip',
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '2024-01-01,NOW',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'DAYS'
);
