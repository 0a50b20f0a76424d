import { SqlSyntaxError } from '../../migrate/errors';
import { splitStatements } from '../../migrate/statement-splitter';

describe('Function: splitStatements', () => {
  const cases: readonly { name: string; sql: string; expected: string[] }[] = [
    { name: 'two plain statements', sql: 'SELECT 1; SELECT 2;', expected: ['SELECT 1', 'SELECT 2'] },
    { name: 'no trailing semicolon', sql: 'SELECT 1;\nSELECT 2', expected: ['SELECT 1', 'SELECT 2'] },
    { name: 'empty statements and trailing semicolons', sql: ';;SELECT 1;;; ;\n;', expected: ['SELECT 1'] },
    { name: "';' inside a string", sql: "SELECT 'a;b'; SELECT 2", expected: ["SELECT 'a;b'", 'SELECT 2'] },
    { name: "'' escape inside a string", sql: "SELECT 'it''s; fine'; SELECT 2", expected: ["SELECT 'it''s; fine'", 'SELECT 2'] },
    {
      name: '-- inside a string',
      sql: "SELECT '-- not a comment;' AS x; SELECT 2",
      expected: ["SELECT '-- not a comment;' AS x", 'SELECT 2'],
    },
    { name: '/* inside a string', sql: "SELECT '/* no ; */'; SELECT 2", expected: ["SELECT '/* no ; */'", 'SELECT 2'] },
    {
      name: 'double-quoted identifier with ; and escaped quote',
      sql: 'SELECT "a;""b" FROM t; SELECT 2',
      expected: ['SELECT "a;""b" FROM t', 'SELECT 2'],
    },
    {
      name: 'backtick identifier with ;',
      sql: 'CREATE TABLE `we;ird` (a int); SELECT 2',
      expected: ['CREATE TABLE `we;ird` (a int)', 'SELECT 2'],
    },
    {
      name: 'nested quotes: \' inside " and " inside \'',
      sql: `SELECT "it's" , 'say "hi;"'; SELECT 2`,
      expected: [`SELECT "it's" , 'say "hi;"'`, 'SELECT 2'],
    },
    {
      name: 'line comment with ; is dropped',
      sql: '-- header; with semicolon\nSELECT 1 -- trailing; comment\n; SELECT 2',
      expected: ['SELECT 1', 'SELECT 2'],
    },
    {
      name: 'block comment with ; is dropped',
      sql: 'SELECT /* ; */ 1; /* only a comment; */; SELECT 2',
      expected: ['SELECT   1', 'SELECT 2'],
    },
    { name: 'comment-only file', sql: '-- nothing here\n/* nor; here */\n', expected: [] },
    {
      name: 'placeholder stays intact',
      sql: "LOCATION 's3://${raw_bucket}/x/'; SELECT * FROM ${database}.t",
      expected: ["LOCATION 's3://${raw_bucket}/x/'", 'SELECT * FROM ${database}.t'],
    },
  ];

  it.each(cases)('splits: $name', ({ sql, expected }) => {
    // Act
    const statements = splitStatements(sql);

    // Assess
    expect(statements.map((s) => s.sql)).toEqual(expected);
  });

  it('reports the line each statement starts on', () => {
    // Prepare
    const sql = '-- header\n\nSELECT 1;\n\n  SELECT\n 2;';

    // Act
    const statements = splitStatements(sql);

    // Assess
    expect(statements.map((s) => s.line)).toEqual([3, 5]);
  });

  it.each([
    { name: 'string', sql: "SELECT 1;\nSELECT 'open", line: 2, what: 'string' },
    { name: 'quoted identifier', sql: 'SELECT "open', line: 1, what: 'quoted identifier' },
    { name: 'block comment', sql: 'SELECT 1;\n\n/* open', line: 3, what: '/* comment' },
  ])('fails on an unterminated $name, naming the line', ({ sql, line, what }) => {
    // Act
    const act = (): unknown => splitStatements(sql);

    // Assess
    expect(act).toThrow(SqlSyntaxError);
    expect(act).toThrow(`unterminated ${what} starting on line ${line}`);
  });

  it('refuses a statement over the Athena query size limit', () => {
    // Prepare
    const sql = `SELECT '${'x'.repeat(300)}'; SELECT 1`;

    // Act
    const act = (): unknown => splitStatements(sql, 100);

    // Assess
    expect(act).toThrow('statement on line 1 is 309 bytes; Athena accepts at most 100');
  });
});

describe('Function: splitStatements (Hive escapes and placeholders)', () => {
  it.each([
    {
      name: "Hive \\' inside a DDL string",
      sql: "ALTER TABLE t SET TBLPROPERTIES ('comment' = 'it\\'s; fine');\nSELECT 1",
      expected: ["ALTER TABLE t SET TBLPROPERTIES ('comment' = 'it\\'s; fine')", 'SELECT 1'],
    },
    {
      name: 'Hive \\" inside a double-quoted DDL string',
      sql: 'CREATE EXTERNAL TABLE t (a string) ROW FORMAT SERDE \'x\' WITH SERDEPROPERTIES ("input.regex" = "a\\";b") STORED AS TEXTFILE LOCATION \'s3://b/t/\';\nSELECT 2',
      expected: [
        'CREATE EXTERNAL TABLE t (a string) ROW FORMAT SERDE \'x\' WITH SERDEPROPERTIES ("input.regex" = "a\\";b") STORED AS TEXTFILE LOCATION \'s3://b/t/\'',
        'SELECT 2',
      ],
    },
    {
      name: 'a backslash in a Trino view string is an ordinary character',
      sql: "CREATE VIEW v AS SELECT 'C:\\' AS path;\nSELECT 3",
      expected: ["CREATE VIEW v AS SELECT 'C:\\' AS path", 'SELECT 3'],
    },
    {
      name: 'a CTAS query is Trino after its top-level AS',
      sql: "CREATE TABLE t WITH (format = 'PARQUET') AS SELECT 'C:\\' AS path;\nSELECT 4",
      expected: ["CREATE TABLE t WITH (format = 'PARQUET') AS SELECT 'C:\\' AS path", 'SELECT 4'],
    },
  ])('splits: $name', ({ sql, expected }) => {
    // Act
    const statements = splitStatements(sql);

    // Assess
    expect(statements.map((s) => s.sql)).toEqual(expected);
  });

  it('fails on an unterminated ${ instead of merging it with the next statement', () => {
    // Prepare
    const sql =
      "CREATE VIEW ${database}.a AS SELECT 1;\nCREATE VIEW ${database.b AS SELECT 2;\nCREATE VIEW ${database}.c AS SELECT '}' AS x;";

    // Act
    const act = (): unknown => splitStatements(sql);

    // Assess
    expect(act).toThrow(SqlSyntaxError);
    expect(act).toThrow('unterminated ${ on line 2: expected ${name} with a name of letters, digits and _');
  });
});
