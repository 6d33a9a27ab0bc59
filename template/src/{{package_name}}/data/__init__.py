"""Data: where a dataset enters the project (a datamodule), and the facts everything else reads.

Bring your own data: a datamodule here (see digits.py), its config in configs/data/, and its
expectation suite in data_gate/suites/. Nothing else changes.
"""
