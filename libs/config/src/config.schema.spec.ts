import { ConfigError, nestLogLevels, parseConfig } from './config.schema';

const valid = {
  DATABASE_URL: 'postgres://u:p@localhost:5432/db',
  TEMPORAL_ADDRESS: 'localhost:7233',
};

describe('parseConfig', () => {
  it('fills defaults for optional settings', () => {
    const config = parseConfig(valid);
    expect(config).toMatchObject({
      PORT: 3000,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'supervision',
      NODE_ENV: 'development',
    });
  });

  it('coerces a numeric port', () => {
    expect(parseConfig({ ...valid, PORT: '8080' }).PORT).toBe(8080);
  });

  it('names a missing variable', () => {
    expect(() => parseConfig({ TEMPORAL_ADDRESS: 'localhost:7233' })).toThrow(/DATABASE_URL: is required but not set/);
  });

  it('names every malformed variable at once', () => {
    let caught: unknown;
    try {
      parseConfig({ ...valid, PORT: 'eighty', TEMPORAL_ADDRESS: 'no-port', DATABASE_URL: 'mysql://x/y' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^PORT:/m);
    expect(problems).toMatch(/^TEMPORAL_ADDRESS: must be host:port/m);
    expect(problems).toMatch(/^DATABASE_URL: must be a postgres/m);
  });
});

describe('nestLogLevels', () => {
  it('lets a level and every more severe one through', () => {
    expect(nestLogLevels('error')).toEqual(['error']);
    expect(nestLogLevels('warn')).toEqual(['error', 'warn']);
    expect(nestLogLevels('verbose')).toEqual(['error', 'warn', 'log', 'debug', 'verbose']);
  });
});
