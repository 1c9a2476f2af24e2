import { stopEmulators } from './app';

// The `kurrentdb` jest project: a representative set of the end-to-end suites on the KurrentDB client (see startApp).
process.env.E2E_EVENT_STORE = 'kurrentdb';

afterAll(() => stopEmulators());
