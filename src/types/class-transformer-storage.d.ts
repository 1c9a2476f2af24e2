/**
 * class-transformer keeps its metadata storage in a module its typings do not map
 * (class-validator-jsonschema reads nested classes from it): its declaration, re-exported.
 */
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
