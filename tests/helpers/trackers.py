"""Read back what a run sent to an experiment tracker, with the tracker's own code.

MLflow and TensorBoard have reader APIs; tests call them directly. W&B offline runs have no
reader in the wandb package: `wandb_records` splits the run's transaction log (LevelDB's log
format: 32 KiB blocks of chunks with a 7-byte header) and parses each record with wandb's own
protobuf schema, as `wandb sync` does before uploading.
"""

from __future__ import annotations

import struct
from pathlib import Path

#: ":W&B", a 2-byte magic number and a 1-byte version open every transaction log.
WANDB_HEADER = 7
BLOCK = 32 * 1024
CHUNK_HEADER = struct.Struct("<IHB")  # checksum, length, chunk type
FULL, FIRST, MIDDLE, LAST = 1, 2, 3, 4


def wandb_chunks(log: bytes):
    """The (type, payload) chunks of a LevelDB-format log, skipping each block's padding."""
    position = WANDB_HEADER
    while position + CHUNK_HEADER.size <= len(log):
        left_in_block = BLOCK - position % BLOCK
        if left_in_block < CHUNK_HEADER.size:
            position += left_in_block
            continue
        _, length, kind = CHUNK_HEADER.unpack_from(log, position)
        if kind == 0:  # zero padding up to the end of the block
            position += left_in_block
            continue
        start = position + CHUNK_HEADER.size
        yield kind, log[start : start + length]
        position = start + length


def wandb_records(run_file: Path) -> list:
    """Every record of a W&B run file (``run-<id>.wandb``), as wandb's protobuf messages."""
    from wandb.proto import wandb_internal_pb2

    log = run_file.read_bytes()
    assert log.startswith(b":W&B"), f"{run_file} is not a W&B transaction log"
    records, pending = [], b""
    for kind, payload in wandb_chunks(log):
        if kind == FULL:
            records.append(payload)
        elif kind == FIRST:
            pending = payload
        elif kind == MIDDLE:
            pending += payload
        elif kind == LAST:
            records.append(pending + payload)
    parsed = []
    for payload in records:
        record = wandb_internal_pb2.Record()
        record.ParseFromString(payload)
        parsed.append(record)
    return parsed


def wandb_logged(run_file: Path) -> tuple[set[str], set[str]]:
    """(config keys, history keys) that a W&B run file holds."""
    config, history = set(), set()
    for record in wandb_records(run_file):
        kind = record.WhichOneof("record_type")
        if kind == "config":
            config |= {item.key for item in record.config.update}
        elif kind == "history":
            history |= {item.key or "/".join(item.nested_key) for item in record.history.item}
    return config, history
