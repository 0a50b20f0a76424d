// Brings the cdktf jest matcher types (registered at runtime by __tests__/setup.ts) into the type-check.
import 'cdktf/lib/testing/adapters/jest';
