import NodeEnvironment from 'jest-environment-node';

/**
 * The official tests' version check, which asks a Docker node for its ServerFeatures, answered with what the
 * emulator advertises.
 */
export default class EmulatedVersionCheck extends NodeEnvironment {
  override async setup(): Promise<void> {
    await super.setup();
    this.global.capabilities = { serverVersion: '24.10.0', supports: () => false };
  }
}
