// The chaos run's settings, read by the suites at load: more fuzz cases than npm test, and fresh seeds.
process.env.FUZZ_RUNS ??= '2500';
process.env.FUZZ_SEED ??= String(Date.now() % 1_000_000_000);
process.env.CHAOS_SEED ??= String((Date.now() * 7) % 1_000_000_000);
process.env.CHAOS_KILLS ??= '25';
