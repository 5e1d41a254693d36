#!/usr/bin/env python3
"""Times one operator's eager NumPy and PyTorch expressions (a child process
of run.py, so the thread count is set before either library starts its pool).

Argument: a JSON document {"threads", "rounds", "arrays": {name: shape},
"scalars": {name: value}, "numpy": expr, "torch": expr}. The arrays hold
values in [-1, 1) as in the C driver. After one warm-up call each, NumPy and
PyTorch are timed interleaved; each sample repeats the call until about 20 ms
have run. Prints a JSON object: {"numpy": seconds or a reason, "torch": ...}.
"""
import json
import os
import statistics
import sys
import time

spec = json.loads(sys.argv[1])
threads = str(spec["threads"])
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = threads

import numpy as np  # noqa: E402  (after the thread count is set)
from numpy.lib.stride_tricks import sliding_window_view  # noqa: E402,F401  (used by the conv expressions)

rng = np.random.default_rng(7)
arrays = {name: rng.uniform(-1, 1, size=shape).astype(np.float32) for name, shape in spec["arrays"].items()}
scalars = {name: np.float32(value) for name, value in spec["scalars"].items()}

calls = {}
result = {}
if spec.get("numpy"):
    code = compile(spec["numpy"], "numpy-expression", "eval")
    scope = dict(np=np, sliding_window_view=sliding_window_view, **arrays, **scalars)
    calls["numpy"] = lambda: eval(code, scope)
else:
    result["numpy"] = "skipped: no NumPy expression"
try:
    import torch
    import torch.nn.functional as F
    torch.set_num_threads(int(threads))
    if spec.get("torch"):
        code_t = compile(spec["torch"], "torch-expression", "eval")
        scope_t = dict(torch=torch, F=F, **{k: torch.from_numpy(v) for k, v in arrays.items()},
                       **{k: float(v) for k, v in scalars.items()})
        calls["torch"] = lambda: eval(code_t, scope_t)
        result["torchVersion"] = torch.__version__
    else:
        result["torch"] = "skipped: no PyTorch expression"
except ImportError:
    result["torch"] = "skipped: torch not installed"

reps = {}
for name, call in calls.items():
    start = time.perf_counter()
    call()
    once = time.perf_counter() - start
    reps[name] = max(1, int(0.02 / max(once, 1e-7)) + 1) if once < 0.02 else 1
samples = {name: [] for name in calls}
for _ in range(spec["rounds"]):
    for name, call in calls.items():
        start = time.perf_counter()
        for _ in range(reps[name]):
            call()
        samples[name].append((time.perf_counter() - start) / reps[name])
for name, values in samples.items():
    result[name] = statistics.median(values)
print(json.dumps(result))
