import * as migration_20261123_140320_initial from './20261123_140320_initial';

export const migrations = [
  {
    up: migration_20261123_140320_initial.up,
    down: migration_20261123_140320_initial.down,
    name: '20261123_140320_initial'
  },
];
