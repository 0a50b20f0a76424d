import { SqlFileError, UnresolvedPlaceholderError } from '../../migrate/errors';
import { parseMigrationFile } from '../../migrate/migration-files';
import { resolvePlaceholders } from '../../migrate/placeholders';

const values = { database: 'logtel_dev', raw_bucket: 'raw-bucket', raw_location: 's3://raw-bucket/' };

/** A projected table whose template holds Athena's `${dt}` and `${region}`. */
const projected = (template: string): string =>
  [
    '-- partition projection with a custom template',
    'CREATE EXTERNAL TABLE ${database}.events_raw (a string)',
    'PARTITIONED BY (dt string, `region` string)',
    "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'",
    "LOCATION '${raw_location}events/'",
    'TBLPROPERTIES (',
    "  'projection.enabled' = 'true',",
    "  'projection.dt.type' = 'date',",
    "  'projection.region.type' = 'enum',",
    `  'storage.location.template' = '${template}'`,
    ');',
  ].join('\n');

describe('Function: resolvePlaceholders', () => {
  it("leaves Athena's ${column} untouched inside 'storage.location.template' and resolves ours everywhere else", () => {
    // Prepare
    const file = parseMigrationFile('V9__events.sql', projected('s3://${raw_bucket}/events/${region}/${dt}/'));

    // Act
    const sql = resolvePlaceholders(file.statements[0].sql, values, file.script, file.statements[0].line);

    // Assess
    expect(sql).toContain("LOCATION 's3://raw-bucket/events/'");
    expect(sql).toContain("'storage.location.template' = 's3://raw-bucket/events/${region}/${dt}/'");
    expect(sql).toContain('CREATE EXTERNAL TABLE logtel_dev.events_raw');
  });

  it('refuses a misspelt name inside the template, naming the file, the line and what it may be', () => {
    // Prepare
    const file = parseMigrationFile('V9__events.sql', projected('s3://${raw_bucket}/events/${dtt}/'));

    // Act
    const act = (): unknown => resolvePlaceholders(file.statements[0].sql, values, file.script, file.statements[0].line);

    // Assess
    expect(act).toThrow(SqlFileError);
    expect(act).toThrow(
      "V9__events.sql:10: ${dtt} in 'storage.location.template' names neither a partition column (dt, region) nor a placeholder (database, raw_bucket, raw_location)",
    );
  });

  it('refuses an unresolved placeholder outside the template, naming the file and its line', () => {
    // Prepare: the misspelt placeholder is in the LOCATION on line 5 of the file.
    const file = parseMigrationFile(
      'V9__events.sql',
      projected('s3://${raw_bucket}/events/${dt}/').replace('${raw_location}', '${raw_locaton}'),
    );

    // Act
    const act = (): unknown => resolvePlaceholders(file.statements[0].sql, values, file.script, file.statements[0].line);

    // Assess
    expect(act).toThrow(UnresolvedPlaceholderError);
    expect(act).toThrow('V9__events.sql:5: unresolved placeholder ${raw_locaton}; known placeholders: database, raw_bucket, raw_location');
  });

  it("resolves ${name} inside any other string, such as a view's literal", () => {
    // Act
    const sql = resolvePlaceholders("CREATE VIEW ${database}.v AS SELECT '${raw_bucket}' AS b", values, 'R__v.sql');

    // Assess
    expect(sql).toBe("CREATE VIEW logtel_dev.v AS SELECT 'raw-bucket' AS b");
  });
});
