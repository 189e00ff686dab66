import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('writes JSON with the service name and redacts secrets', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ service: 'api', level: 'info' }, stream);
    logger.info(
      { user: { password: 'hunter2' }, req: { headers: { authorization: 'Bearer sk_x' } } },
      'hello',
    );
    expect(lines[0]).toMatchObject({
      service: 'api',
      level: 'info',
      msg: 'hello',
      user: { password: '[redacted]' },
      req: { headers: { authorization: '[redacted]' } },
    });
  });
});
