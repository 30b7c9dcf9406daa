"""The benchmark's baseline: plain `trafilatura.extract` over files, timed in this process.

Run by `pipeline.bench` in a fresh interpreter, once before and once after its pass over the
same files, so that both runs start as cold as the pipeline's workers do. Input: file paths on
standard input, one a line; the files are read and Trafilatura imported before the clock
starts. Output: one JSON object with `documents`, `wall_s`, `cpu_s` and `words`.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import trafilatura


def main() -> None:
    datas = [Path(line).read_bytes() for line in sys.stdin.read().splitlines() if line]
    words = 0
    start, cpu = time.perf_counter(), time.process_time()
    for data in datas:
        words += len((trafilatura.extract(data) or "").split())
    print(json.dumps({"documents": len(datas), "wall_s": time.perf_counter() - start,
                      "cpu_s": time.process_time() - cpu, "words": words}))


if __name__ == "__main__":
    main()
