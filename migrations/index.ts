import * as migration_20261123_135037_initial from './20261123_135037_initial';

export const migrations = [
  {
    up: migration_20261123_135037_initial.up,
    down: migration_20261123_135037_initial.down,
    name: '20261123_135037_initial'
  },
];
