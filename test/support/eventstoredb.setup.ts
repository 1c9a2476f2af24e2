import { stopEmulators } from './app';

// The `eventstoredb` jest project: every end-to-end suite runs on the EventStoreDB adapter (see startApp).
process.env.E2E_EVENT_STORE = 'eventstoredb';

afterAll(() => stopEmulators());
