import * as migration_20261123_144804_initial from './20261123_144804_initial';

export const migrations = [
  {
    up: migration_20261123_144804_initial.up,
    down: migration_20261123_144804_initial.down,
    name: '20261123_144804_initial'
  },
];
