/** Public API of config loading: tumbleql.yaml, a folder of .sql files, or one .sql file (DESIGN §6). */
export { loadConfig, loadSqlFiles, ConfigError } from './load.js';
export type { Config, SqlSource } from './load.js';
export { parseDuration, parseSize } from './schema.js';
