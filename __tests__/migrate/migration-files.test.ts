import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlFileError } from '../../migrate/errors';
import { compareVersions, loadMigrations, parseMigrationFile, sha256 } from '../../migrate/migration-files';

describe('Function: loadMigrations', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'migrate-files-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps 17-digit timestamp versions apart and in order', () => {
    // Prepare: the two versions differ by 1 past 2^53, where Number makes them equal.
    writeFileSync(join(dir, 'V20240601120000124__second.sql'), 'SELECT 2;');
    writeFileSync(join(dir, 'V20240601120000123__first.sql'), 'SELECT 1;');

    // Act
    const files = loadMigrations(dir);

    // Assess
    expect(files.map((f) => f.script)).toEqual(['V20240601120000123__first.sql', 'V20240601120000124__second.sql']);
    expect(compareVersions('20240601120000123', '20240601120000124')).toBe(-1);
    expect(compareVersions('1.20240601120000124', '1.20240601120000123')).toBe(1);
  });

  it('refuses a .SQL file instead of ignoring it', () => {
    // Prepare
    writeFileSync(join(dir, 'V1__ok.sql'), 'SELECT 1;');
    writeFileSync(join(dir, 'V2__shouting.SQL'), 'SELECT 2;');

    // Act
    const act = (): unknown => loadMigrations(dir);

    // Assess
    expect(act).toThrow(SqlFileError);
    expect(act).toThrow('V2__shouting.SQL: migration files must end in lower-case .sql; rename it');
  });
});

describe('Function: parseMigrationFile', () => {
  it('gives a file the same checksum and statements with or without a BOM, and remembers the checksum it had with one', () => {
    // Prepare
    const content = 'CREATE VIEW ${database}.v AS SELECT 1 AS a;\n';

    // Act
    const plain = parseMigrationFile('V1__v.sql', content);
    const bom = parseMigrationFile('V1__v.sql', `\uFEFF${content}`);

    // Assess
    expect(bom.checksum).toBe(plain.checksum);
    expect(bom.statements).toEqual(plain.statements);
    expect(bom.legacyChecksum).toBe(sha256(`\uFEFF${content}`));
    expect(plain.legacyChecksum).toBeUndefined();
  });
});
