import { LineArena, lineBytes, lineText, type LinePlacement } from '../../functions/processor/line-arena';

const placement = (): LinePlacement => ({ chunk: Buffer.alloc(0), offset: 0, bytes: 0 });

describe('Class: LineArena', () => {
  it('packs lines back to back and gives each its exact UTF-8 bytes', () => {
    // Prepare
    const arena = new LineArena();
    const lines = ['{"a":1}\n', '{"city":"Zürich","icon":"🎬"}\n', '{"b":"\u2028"}\n'];
    const placed = lines.map(() => placement());
    // Act
    lines.forEach((line, i) => arena.place(line, placed[i] as LinePlacement, 1024));
    // Assess
    expect(placed.map(lineText)).toEqual(lines);
    expect(placed.map((p) => p.bytes)).toEqual(lines.map((l) => Buffer.byteLength(l)));
    expect(placed[1]?.offset).toBe(placed[0]?.bytes);
    expect(placed[1]?.chunk).toBe(placed[0]?.chunk);
    expect(lineBytes(placed[1] as LinePlacement).equals(Buffer.from(lines[1] as string))).toBe(true);
  });

  it('starts a new chunk when the worst case of a line does not fit, leaving earlier views intact', () => {
    // Prepare: ~1.3 MB lines; each needs up to 3 bytes per unit in the 4 MiB chunk.
    const arena = new LineArena();
    const big = (c: string) => `{"x":"${c.repeat(1_300_000)}"}\n`;
    const [first, second] = [placement(), placement()];
    // Act
    arena.place(big('a'), first, 2_000_000);
    arena.place(big('b'), second, 2_000_000);
    // Assess
    expect(second.chunk).not.toBe(first.chunk);
    expect(second.offset).toBe(0);
    expect(lineText(first)).toBe(big('a'));
    expect(lineText(second)).toBe(big('b'));
  });

  it('measures a line over the limit without writing it', () => {
    // Prepare
    const arena = new LineArena();
    const small = placement();
    const over = placement();
    // Act
    arena.place('{"a":1}\n', small, 100);
    arena.place(`{"x":"${'é'.repeat(200)}"}\n`, over, 100);
    // Assess
    expect(over.bytes).toBe(Buffer.byteLength(`{"x":"${'é'.repeat(200)}"}\n`));
    expect(over.offset).toBe(small.bytes);
    expect(lineText(small)).toBe('{"a":1}\n');
  });
});
