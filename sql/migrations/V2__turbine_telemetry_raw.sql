-- Raw turbine readings as the raw Firehose writes them: GZIP newline-delimited
-- JSON under s3://<raw bucket>/turbine-telemetry/dt=YYYY-MM-DD/.
-- Columns are the declaration's fields (datasets/turbine-telemetry.ts);
-- reading_time stays a string (ISO-8601 or epoch milliseconds, as sent).
CREATE EXTERNAL TABLE IF NOT EXISTS ${database}.turbine_telemetry_raw (
  event_id string COMMENT 'Producer-assigned UUID',
  turbine_id string,
  reading_time string COMMENT 'ISO-8601 or epoch milliseconds, as sent',
  wind_speed_ms double,
  rotor_rpm double,
  power_output_kw double,
  nacelle_temp_c double,
  vibration_mm_s double,
  status string,
  fault_code string
)
COMMENT 'Raw wind-turbine readings (migration-owned)'
PARTITIONED BY (dt string COMMENT 'Arrival date, yyyy-MM-dd')
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
  OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION '${raw_location}turbine-telemetry/'
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
