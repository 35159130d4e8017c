import { Initial1764300000000 } from './1764300000000-initial';

/** Every migration, in order. Listed explicitly so that bundles and the CLI see the same set. */
export const migrations = [Initial1764300000000];
