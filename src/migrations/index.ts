import * as migration_20261123_150026_initial from './20261123_150026_initial';
import * as migration_20261123_163105_shared_state from './20261123_163105_shared_state';
import * as migration_20261123_173329_media_storage_fields from './20261123_173329_media_storage_fields';
import * as migration_20261123_230712_users_is_customer from './20261123_230712_users_is_customer';
import * as migration_20261123_232649_locales_parent_index from './20261123_232649_locales_parent_index';
import * as migration_20261202_145332_license_format_2 from './20261202_145332_license_format_2';
import * as migration_20261202_152012_dated_options from './20261202_152012_dated_options';
import * as migration_20261202_160124_news_firmware_release from './20261202_160124_news_firmware_release';
import * as migration_20261202_165201_account_closure from './20261202_165201_account_closure';

export const migrations = [
  {
    up: migration_20261123_150026_initial.up,
    down: migration_20261123_150026_initial.down,
    name: '20261123_150026_initial',
  },
  {
    up: migration_20261123_163105_shared_state.up,
    down: migration_20261123_163105_shared_state.down,
    name: '20261123_163105_shared_state',
  },
  {
    up: migration_20261123_173329_media_storage_fields.up,
    down: migration_20261123_173329_media_storage_fields.down,
    name: '20261123_173329_media_storage_fields',
  },
  {
    up: migration_20261123_230712_users_is_customer.up,
    down: migration_20261123_230712_users_is_customer.down,
    name: '20261123_230712_users_is_customer',
  },
  {
    up: migration_20261123_232649_locales_parent_index.up,
    down: migration_20261123_232649_locales_parent_index.down,
    name: '20261123_232649_locales_parent_index',
  },
  {
    up: migration_20261202_145332_license_format_2.up,
    down: migration_20261202_145332_license_format_2.down,
    name: '20261202_145332_license_format_2',
  },
  {
    up: migration_20261202_152012_dated_options.up,
    down: migration_20261202_152012_dated_options.down,
    name: '20261202_152012_dated_options',
  },
  {
    up: migration_20261202_160124_news_firmware_release.up,
    down: migration_20261202_160124_news_firmware_release.down,
    name: '20261202_160124_news_firmware_release',
  },
  {
    up: migration_20261202_165201_account_closure.up,
    down: migration_20261202_165201_account_closure.down,
    name: '20261202_165201_account_closure'
  },
];
