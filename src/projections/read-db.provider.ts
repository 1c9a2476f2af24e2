import { Provider } from '@nestjs/common';
import { join } from 'node:path';
import { CONFIG, Config } from '../config/config';
import { openReadStore } from './read-store';

export const READ_DB = Symbol('ReadDb');

export const readDbProvider: Provider = {
  provide: READ_DB,
  inject: [CONFIG],
  useFactory: (config: Config) => openReadStore(config.dataDir ? join(config.dataDir, 'read.db') : ':memory:'),
};
