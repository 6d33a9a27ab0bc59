"""The golden model and what is checked against it: golden outputs, hard examples, the export.

Mirrors configs/goldens/. store.py keeps the committed model; outputs.py its golden outputs;
hard_examples.py the named suites of hard examples; export.py the artifact serving loads.
The commands (update-goldens, hard-examples, export) compose the same data and model configs
as training, so they build exactly the network training built.
"""
