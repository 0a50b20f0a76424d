import fc from 'fast-check';
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import type { SdkError } from '@smithy/types';
import { exponentialDelay, fullJitterDelay, isRetryable, waitBeforeRetry, withRetries } from '../../aws/retry';

describe('Function: fullJitterDelay', () => {
  it('stays in [0, min(cap, base * 2^attempt)) for any random draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, base, cap, draw) => {
          const delay = fullJitterDelay(attempt, base, cap, () => draw);
          const bound = Math.min(cap, base * 2 ** attempt);
          return Number.isInteger(delay) && delay >= 0 && delay < bound;
        },
      ),
    );
  });
});

describe('Function: exponentialDelay', () => {
  it("doubles from the base up to the cap, then stays there (the spacing of migrate's polls)", () => {
    // Act
    const delays = [0, 1, 2, 3, 4, 5].map((attempt) => exponentialDelay(attempt, 200, 5000));

    // Assess
    expect(delays).toEqual([200, 400, 800, 1600, 3200, 5000]);
  });

  it('is the exclusive bound of the full-jitter delay for the same attempt (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        (attempt, base, cap) => {
          const bound = exponentialDelay(attempt, base, cap);
          return bound === Math.min(cap, base * 2 ** attempt) && fullJitterDelay(attempt, base, cap, () => 0.999_999) < bound;
        },
      ),
    );
  });
});

describe('Function: withRetries', () => {
  const noSleep = { sleep: async () => undefined, random: () => 0.5 };

  it('stops after maxAttempts and throws the last error', async () => {
    // Prepare
    let calls = 0;
    const failing = async (): Promise<never> => {
      calls += 1;
      throw Object.assign(new Error(`throttled ${calls}`), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    };

    // Act & assess
    await expect(withRetries(failing, { ...noSleep, maxAttempts: 4 })).rejects.toThrow('throttled 4');
    expect(calls).toBe(4);
  });

  it('does not retry an error another attempt cannot fix', async () => {
    let calls = 0;
    const denied = async (): Promise<never> => {
      calls += 1;
      throw Object.assign(new Error('no'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    };
    await expect(withRetries(denied, { ...noSleep, maxAttempts: 4 })).rejects.toThrow('no');
    expect(calls).toBe(1);
  });

  it('returns the first success', async () => {
    const result = await withRetries(async (attempt) => {
      if (attempt < 2) throw Object.assign(new Error('reset'), { name: 'TimeoutError' });
      return attempt;
    }, noSleep);
    expect(result).toBe(2);
  });

  it('does not start an attempt the deadline cannot hold', async () => {
    const now = 1_000;
    expect(
      await waitBeforeRetry(
        { maxAttempts: 10, random: () => 0.99, baseDelayMs: 100, deadline: () => now + 50, now: () => now, sleep: async () => undefined },
        0,
      ),
    ).toBe(false);
    expect(
      await waitBeforeRetry(
        { maxAttempts: 10, random: () => 0.1, baseDelayMs: 100, deadline: () => now + 50, now: () => now, sleep: async () => undefined },
        0,
      ),
    ).toBe(true);
  });
});

describe('Function: isRetryable', () => {
  it.each([
    [{ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }, true],
    [{ name: 'InternalFailure', $metadata: { httpStatusCode: 500 } }, true],
    [{ name: 'TimeoutError' }, true],
    [{ name: 'ValidationException', $metadata: { httpStatusCode: 400 } }, false],
    [{ name: 'ResourceNotFoundException' }, false],
    [{ name: 'AbortError' }, false],
    [{ name: 'Custom', retryable: false }, false],
    [{ name: 'Custom', retryable: true, $metadata: { httpStatusCode: 400 } }, true],
    // What the SDK raises in plain Node (not under Jest, whose realm makes the SDK wrap it)
    // when a 200 answer is cut mid-body by a reset: the status already read stays.
    [{ name: 'Error', code: 'ECONNRESET', $metadata: { httpStatusCode: 200 } }, true],
    [{ name: 'Error', code: 'EPIPE', $metadata: { httpStatusCode: 200 } }, true],
    // S3's RequestTimeout is an HTTP 400 that the SDK's own retry classes as transient.
    [{ name: 'RequestTimeout', $metadata: { httpStatusCode: 400 } }, true],
    [{ name: 'AccessDenied', code: 'AccessDenied', $metadata: { httpStatusCode: 403 } }, false],
    // A signature refused for clock skew, after which the SDK corrected its clock offset.
    [{ name: 'RequestTimeTooSkewed', $metadata: { httpStatusCode: 403, clockSkewCorrected: true } }, true],
    [{ name: 'RequestTimeTooSkewed', $metadata: { httpStatusCode: 403 } }, false],
  ])('%j -> %s', (error, expected) => {
    expect(isRetryable(error)).toBe(expected);
  });
});

describe('Function: isRetryable against the SDK own classification (property)', () => {
  // The SDK's standard retry strategy retries what these say (@smithy/core, installed with every client).
  const sdkRetries = (error: SdkError): boolean => isTransientError(error) || isThrottlingError(error) || isServerError(error);
  const sdkError = fc
    .record({
      name: fc.constantFrom(
        'Error',
        'RequestTimeTooSkewed',
        'TimeoutError',
        'RequestTimeout',
        'RequestTimeoutException',
        'ThrottlingException',
        'SlowDown',
        'ServiceUnavailableException',
        'InternalFailure',
        'ValidationException',
        'AccessDenied',
        'InvalidArgumentException',
        'SyntaxError',
      ),
      code: fc.option(
        fc.constantFrom(
          'ECONNRESET',
          'ECONNREFUSED',
          'EPIPE',
          'ETIMEDOUT',
          'EHOSTUNREACH',
          'ENETUNREACH',
          'ENOTFOUND',
          'EAI_AGAIN',
          'ERR_STREAM_PREMATURE_CLOSE',
        ),
        { nil: undefined },
      ),
      status: fc.option(fc.constantFrom(200, 400, 403, 404, 408, 413, 429, 500, 501, 502, 503, 504), { nil: undefined }),
      skewCorrected: fc.boolean(),
    })
    .map(({ name, code, status, skewCorrected }): SdkError & { code?: string } =>
      Object.assign(new Error('x'), {
        name,
        cause: undefined,
        ...(code === undefined ? {} : { code }),
        $metadata: {
          ...(status === undefined ? {} : { httpStatusCode: status }),
          ...(skewCorrected ? { clockSkewCorrected: true as const } : {}),
        },
      }),
    );

  it('retries everything the SDK would retry, and no client error the SDK would not', () => {
    fc.assert(
      fc.property(sdkError, (error) => {
        if (sdkRetries(error)) expect(isRetryable(error)).toBe(true);
        const status = error.$metadata?.httpStatusCode;
        if (!sdkRetries(error) && status !== undefined && status < 500) expect(isRetryable(error)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('never retries an aborted call, whatever else it carries', () => {
    fc.assert(
      fc.property(sdkError, (error) => {
        expect(isRetryable(Object.assign(error, { name: 'AbortError' }))).toBe(false);
      }),
    );
  });
});
