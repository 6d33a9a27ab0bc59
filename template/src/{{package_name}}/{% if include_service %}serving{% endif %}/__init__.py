"""The prediction service: the exported model behind HTTP, and a log of what it served.

Mirrors configs/serving/. app.py builds the FastAPI app (``create_app``) from an exported
artifact (goldens/export.py), which carries the preprocessing and says what inputs it takes;
schemas.py declares requests and responses from that; prediction_log.py appends one JSON line
per request; serve.py (``<project> serve``) runs the app under uvicorn, and replay.py
(``<project> replay``) sends a split of the data to it as traffic; background.py runs `serve` in
a child process on a free loopback port, for tests and the load benchmark.
"""
