import * as migration_20261123_150026_initial from './20261123_150026_initial';
import * as migration_20261123_163105_shared_state from './20261123_163105_shared_state';

export const migrations = [
  {
    up: migration_20261123_150026_initial.up,
    down: migration_20261123_150026_initial.down,
    name: '20261123_150026_initial',
  },
  {
    up: migration_20261123_163105_shared_state.up,
    down: migration_20261123_163105_shared_state.down,
    name: '20261123_163105_shared_state'
  },
];
