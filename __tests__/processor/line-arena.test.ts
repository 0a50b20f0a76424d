import fc from 'fast-check';
import { LineArena, lineBytes, lineText, type LinePlacement } from '../../functions/processor/line-arena';

const placement = (): LinePlacement => ({ chunk: Buffer.alloc(0), offset: 0, bytes: 0 });
const LIMIT = 1000 * 1024;

describe('Class: LineArena', () => {
  it('packs lines back to back and gives each its exact UTF-8 bytes, ASCII or not', () => {
    // Prepare: more lines than one write takes, with non-ASCII ones in the middle.
    const arena = new LineArena();
    const lines = Array.from({ length: 70 }, (_, i) => (i % 30 === 5 ? `{"city":"Zürich","icon":"🎬","n":${i}}\n` : `{"n":${i}}\n`));
    const placed = lines.map(() => placement());
    // Act
    lines.forEach((line, i) => arena.place(line, placed[i] as LinePlacement, LIMIT));
    arena.seal();
    // Assess
    expect(placed.map(lineText)).toEqual(lines);
    expect(placed.map((p) => p.bytes)).toEqual(lines.map((l) => Buffer.byteLength(l)));
    placed.slice(1).forEach((p, i) => expect(p.offset).toBe((placed[i] as LinePlacement).offset + (placed[i] as LinePlacement).bytes));
    expect(lineBytes(placed[5] as LinePlacement).equals(Buffer.from(lines[5] as string))).toBe(true);
  });

  it('fills placements only when sealed (or when a write is due)', () => {
    // Prepare
    const arena = new LineArena();
    const p = placement();
    // Act
    arena.place('{"a":1}\n', p, LIMIT);
    const before = p.bytes;
    arena.seal();
    // Assess
    expect(before).toBe(0);
    expect(lineText(p)).toBe('{"a":1}\n');
  });

  it('starts a new chunk when the worst case does not fit, leaving earlier views intact', () => {
    // Prepare: 1.5 MB lines may be over a 2 MB limit, so each is measured and written at once, in a chunk of its own size.
    const arena = new LineArena();
    const big = (c: string) => `{"x":"${c.repeat(1_500_000)}"}\n`;
    const placed = [placement(), placement(), placement(), placement()];
    // Act
    ['a', 'b', 'c'].forEach((c, i) => arena.place(big(c), placed[i] as LinePlacement, 2_000_000));
    arena.place('{"small":true}\n', placed[3] as LinePlacement, 2_000_000);
    arena.seal();
    // Assess
    expect(new Set(placed.slice(0, 3).map((p) => p.chunk)).size).toBe(3);
    expect(placed.map(lineText)).toEqual([big('a'), big('b'), big('c'), '{"small":true}\n']);
  });

  it('grows its chunks from 64 KiB, so a small batch stays small', () => {
    // Prepare: 300 lines of ~1 KB: 300 KB in all.
    const arena = new LineArena();
    const placed = Array.from({ length: 300 }, () => placement());
    // Act
    placed.forEach((p, i) => arena.place(`{"i":${i},"x":"${'x'.repeat(1000)}"}\n`, p, LIMIT));
    arena.seal();
    // Assess: 64 + 128 + 256 KiB chunks at most, and every line intact.
    const chunks = [...new Set(placed.map((p) => p.chunk))];
    expect(chunks[0]?.length).toBeGreaterThanOrEqual(64 * 1024);
    expect(chunks.reduce((n, c) => n + c.length, 0)).toBeLessThan(1024 * 1024);
    placed.forEach((p, i) => expect(JSON.parse(lineText(p))).toEqual({ i, x: 'x'.repeat(1000) }));
  });

  it('writes a group early once its lines are long, so no chunk is sized for a whole group of them', () => {
    // Prepare: ten 100,000-unit lines; a group of ten would reserve 3 MB.
    const arena = new LineArena();
    const lines = Array.from({ length: 10 }, (_, i) => `{"i":${i},"x":"${'y'.repeat(100_000)}"}\n`);
    const placed = lines.map(() => placement());
    // Act
    lines.forEach((line, i) => arena.place(line, placed[i] as LinePlacement, LIMIT));
    arena.seal();
    // Assess
    expect(placed.map(lineText)).toEqual(lines);
    expect(Math.max(...placed.map((p) => p.chunk.length))).toBeLessThan(2 * 1024 * 1024);
  });

  it('measures a line over the limit without writing it', () => {
    // Prepare: 400 units of 2 bytes each: 800+ bytes against a 600-byte limit.
    const arena = new LineArena();
    const over = `{"x":"${'é'.repeat(400)}"}\n`;
    const [a, measured, b] = [placement(), placement(), placement()];
    // Act
    arena.place('{"a":1}\n', a, 600);
    arena.place(over, measured, 600);
    arena.place('{"b":2}\n', b, 600);
    arena.seal();
    // Assess
    expect(measured.bytes).toBe(Buffer.byteLength(over));
    expect(lineBytes(measured)).toHaveLength(0);
    expect([lineText(a), lineText(b)]).toEqual(['{"a":1}\n', '{"b":2}\n']);
  });
});

/** Well-formed text as the serializer writes it: mostly ASCII, then 2-, 3- and 4-byte UTF-8, short or up to ~240,000 UTF-16 units. */
const text = fc.oneof(
  { arbitrary: fc.string({ maxLength: 200 }), weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 3 },
  {
    arbitrary: fc
      .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 30_000 }))
      .map(([piece, n]) => piece.repeat(n)),
    weight: 1,
  },
);

describe('Class: LineArena (properties)', () => {
  it("holds exactly the bytes of Buffer.from(lines.join('')) for the lines within the limit, each line at its placement", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ line: text.map((t) => `${t}\n`), sealAfter: fc.boolean() }), { maxLength: 120 }),
        // The Firehose limit, and small limits that send many lines down the measured path.
        fc.oneof(fc.constant(LIMIT), fc.integer({ min: 8, max: 4096 })),
        (items, maxBytes) => {
          // Prepare
          const arena = new LineArena();
          const placed = items.map(() => placement());
          // Act: the processor seals once at the end; sealing in between must change nothing.
          items.forEach(({ line, sealAfter }, i) => {
            arena.place(line, placed[i] as LinePlacement, maxBytes);
            if (sealAfter) arena.seal();
          });
          arena.seal();
          // Assess: every view is read only after all writes, so a chunk reused or overwritten would show.
          const lines = items.map((it) => it.line);
          const within = lines.flatMap((line, i) => (Buffer.byteLength(line) <= maxBytes ? [i] : []));
          expect(placed.map((p) => p.bytes)).toEqual(lines.map((line) => Buffer.byteLength(line)));
          expect(
            Buffer.concat(within.map((i) => lineBytes(placed[i] as LinePlacement))).equals(
              Buffer.from(within.map((i) => lines[i]).join('')),
            ),
          ).toBe(true);
          for (const i of within) expect(lineText(placed[i] as LinePlacement)).toBe(lines[i]);
          placed.forEach((p, i) => {
            if (!within.includes(i)) expect(lineBytes(p)).toHaveLength(0);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
