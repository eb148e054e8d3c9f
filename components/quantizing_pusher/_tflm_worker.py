"""Child process that runs the tflite-micro Python interpreter for ``tflm.py``.

Kept out of the executor's process because TFLM can segfault (not raise) when the arena
is far too small, and because it prints allocation reports straight to the C stderr.
Imports only numpy and tflite_micro, so it starts in well under a second.

Usage:
  _tflm_worker.py bisect MODEL LO_FAIL HI_OK GRANULE
      prints "try N", then "ok N" or "fail N", for each probe; finally "done N".
      Exits 3 when HI_OK itself fails.
  _tflm_worker.py run MODEL ARENA INPUTS.npy OUTPUTS.npy
      runs every input row, writes outputs, prints the allocation report to stderr.
"""

import sys

import numpy as np
from tflite_micro.python.tflite_micro import runtime


def _probe(model: bytes, arena: int) -> bool:
    """True when the model allocates and invokes once within ``arena`` bytes."""
    try:
        interpreter = runtime.Interpreter.from_bytes(model, arena_size=arena)
        details = interpreter.get_input_details(0)
        interpreter.set_input(np.zeros(details["shape"], dtype=details["dtype"]), 0)
        interpreter.invoke()
    except RuntimeError:
        return False
    return True


def _bisect(model: bytes, lo_fail: int, hi_ok: int, granule: int) -> int:
    """Smallest multiple of ``granule`` in (lo_fail, hi_ok] that works; hi_ok is re-checked."""
    probes = [hi_ok]
    while True:
        arena = probes.pop()
        print(f"try {arena}", flush=True)
        if _probe(model, arena):
            hi_ok = arena
            print(f"ok {arena}", flush=True)
        else:
            print(f"fail {arena}", flush=True)
            if arena == hi_ok:
                return 3  # the upper bound itself is too small
            lo_fail = arena
        if hi_ok - lo_fail <= granule:
            print(f"done {hi_ok}", flush=True)
            return 0
        probes.append(max(lo_fail + granule, (lo_fail + hi_ok) // 2 // granule * granule))


def _run(model: bytes, arena: int, inputs_path: str, outputs_path: str) -> None:
    inputs = np.load(inputs_path)
    interpreter = runtime.Interpreter.from_bytes(model, arena_size=arena)
    outputs = []
    for n, example in enumerate(inputs):
        interpreter.set_input(example, 0)
        interpreter.invoke()
        outputs.append(np.array(interpreter.get_output(0), copy=True))
        if n == 0:
            sys.stderr.flush()
            interpreter.print_allocations()
        interpreter.reset()
    np.save(outputs_path, np.stack(outputs))


def main(argv: list[str]) -> int:
    mode, model_path = argv[1], argv[2]
    with open(model_path, "rb") as handle:
        model = handle.read()
    if mode == "bisect":
        return _bisect(model, int(argv[3]), int(argv[4]), int(argv[5]))
    if mode == "run":
        _run(model, int(argv[3]), argv[4], argv[5])
        return 0
    raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
