"""Monitoring: the prediction log judged against the served model's training reference.

Mirrors configs/monitoring/. tables.py turns the log into tables (requests, inputs, the model);
suites.py writes great_expectations suites for them from the reference the exported artifact
carries (goldens/reference.py) and the limits in the config; monitor.py (``<project> monitor``)
runs them through the gx/ context, shared with the data gate (data_gate/context.py), and builds
Data Docs.
"""
