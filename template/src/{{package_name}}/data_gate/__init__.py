"""The data gate: a dataset's expectation suites, run in the gx/ file context before training.

Mirrors configs/data_gate/. gate.py decides (pass, refuse, cache); context.py talks to
great_expectations; cache.py remembers data that passed; suites/ holds the expectations.
great_expectations is imported only inside functions, so commands that do not validate (and a
gate that hits its cache) do not pay for its import.
"""
