"""Model regression testing: golden outputs, hard-example suites, exported-model parity."""
