/// The two Python programs the Triton-family plugins run, kept in the plugin
/// so a built `.so` needs nothing beside it but a Python with `triton` and
/// `numpy` (see `PythonLocator`).
enum PythonScripts {
    /// `python build.py MODULE OUTDIR ARCH... [--warps=N]`: compiles every kernel of the
    /// generated module ahead of time for `GPUTarget("cuda", ARCH, 32)` (no GPU
    /// needed) and writes `<kernel>.ttir` and `<kernel>.sm_<ARCH>.ptx`. Triton's
    /// own message goes to stderr and the exit status is 1 when it rejects the code.
    /// `--warps=N` compiles with N warps whatever the module's NUM_WARPS.
    static let build = #"""
    import importlib.util, os, sys, traceback
    os.environ.pop("TRITON_INTERPRET", None)
    os.environ.setdefault("TRITON_DEFAULT_FP_FUSION", "0")
    import triton
    from triton.backends.compiler import GPUTarget
    from triton.compiler import ASTSource

    path, out = sys.argv[1], sys.argv[2]
    archs = [int(a) for a in sys.argv[3:] if not a.startswith("--")]
    warps = [int(a[len("--warps="):]) for a in sys.argv[3:] if a.startswith("--warps=")]
    try:
        spec = importlib.util.spec_from_file_location("akg_kernel", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for fn, signature, constexprs in module.KERNELS:
            for arch in archs:
                source = ASTSource(fn, signature=signature, constexprs=constexprs)
                compiled = triton.compile(source, target=GPUTarget("cuda", arch, 32),
                                          options={"num_warps": warps[0] if warps else module.NUM_WARPS,
                                                   "num_stages": module.NUM_STAGES})
                if arch == archs[0]:
                    with open(os.path.join(out, fn.__name__ + ".ttir"), "w") as f:
                        f.write(compiled.asm["ttir"])
                with open(os.path.join(out, "%s.sm_%d.ptx" % (fn.__name__, arch)), "w") as f:
                    f.write(compiled.asm["ptx"])
    except Exception as error:
        text = "".join(traceback.format_exception_only(type(error), error)).strip()
        sys.stderr.write("Triton rejected the generated kernel: " + text + "\n")
        sys.exit(1)
    """#

    /// `python server.py MODULE MODE`: imports the generated module once
    /// (MODE `interpreter` sets TRITON_INTERPRET=1 first; `gpu` uses PyTorch
    /// CUDA tensors), answers `ready`, then serves one JSON request per line on
    /// stdin: the tensors live in a shared-memory file (`path`, byte offsets),
    /// never in the request text. Replies go to the original stdout; the
    /// kernel's own prints go to stderr.
    static let server = #"""
    import importlib.util, json, os, sys, time, traceback
    reply = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    path, mode = sys.argv[1], sys.argv[2]
    if mode == "interpreter":
        os.environ["TRITON_INTERPRET"] = "1"
    import numpy as np

    DTYPES = {"f32": np.float32, "f64": np.float64, "i32": np.int32, "i64": np.int64,
              "u32": np.uint32, "u64": np.uint64}

    class HostDType:
        def __init__(self, dtype):
            self.name = np.dtype(dtype).name
        def __str__(self):
            return "torch." + self.name

    class HostTensor:
        """A NumPy array with the torch-like surface Triton's interpreter uses."""
        def __init__(self, array):
            self.array = array
            self.dtype = HostDType(array.dtype)
            self.device = "cpu"
        def data_ptr(self):
            return self.array.ctypes.data
        def untyped_storage(self):
            return self
        def cpu(self):
            return self
        def new_empty(self, *args, **kwargs):
            return self
        def set_(self, *args, **kwargs):
            return self
        def copy_(self, other):
            return self
        def storage_offset(self):
            return 0
        def size(self):
            return self.array.shape
        def stride(self, dim=None):
            strides = tuple(s // self.array.itemsize for s in self.array.strides)
            return strides if dim is None else strides[dim]

    class Runtime:
        def __init__(self, mode):
            self.mode = mode
            if mode == "gpu":
                import torch
                self.torch = torch
        def wrap(self, array):
            if self.mode == "gpu":
                return self.torch.from_numpy(np.ascontiguousarray(array)).cuda()
            return HostTensor(array)
        def scalar(self, value, dtype):
            return self.wrap(np.array([value], dtype=DTYPES[dtype]))
        def check_grid(self, grid):
            """CUDA grids allow 65,535 programs on the y and z axes."""
            if self.mode == "gpu" and (grid[1] > 65535 or grid[2] > 65535):
                raise ValueError("grid %s exceeds CUDA's 65,535 programs on the y or z axis; "
                                 "tile the kernel (scheduler tiling) so fewer programs cover it" % (grid,))
        def slots(self, previous, last, count, dtype):
            """A scalar local's per-program slots for the next launch, each
            holding its current value: slot `last` of the previous launch's."""
            value = 0
            if previous is not None:
                value = previous[last].item() if self.mode == "gpu" else previous.array[last]
            return self.wrap(np.full(max(1, count), value, dtype=DTYPES[dtype]))

    def send(message):
        reply.write(json.dumps(message) + "\n")

    try:
        spec = importlib.util.spec_from_file_location("akg_kernel", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        runtime = Runtime(mode)
    except Exception as error:
        send({"ok": False, "error": "cannot load the kernel module: " + "".join(traceback.format_exception_only(type(error), error)).strip()})
        sys.exit(1)
    send({"ok": True, "ready": True, "mode": mode})

    for line in sys.stdin:
        request = json.loads(line)
        try:
            arena = np.memmap(request["path"], mode="r+", dtype=np.uint8, shape=(request["size"],)) if request["size"] else None
            views, args = [], []
            for arg in request["args"]:
                if arg["kind"] == "tensor":
                    dtype = np.dtype(DTYPES[arg["dtype"]])
                    count = int(np.prod(arg["shape"])) if arg["shape"] else 1
                    view = np.ndarray(tuple(arg["shape"]), dtype=dtype, buffer=arena, offset=arg["offset"]) if count else np.zeros(tuple(arg["shape"]), dtype)
                    views.append(view)
                    args.append(runtime.wrap(view))
                elif arg["kind"] == "int":
                    args.append(int(arg["value"]))
                else:
                    args.append(float(arg["value"]))
            times = []
            for repetition in range(request["warmups"] + request["repetitions"]):
                start = time.perf_counter_ns()
                module.launch(runtime, *args)
                if mode == "gpu":
                    runtime.torch.cuda.synchronize()
                if repetition >= request["warmups"]:
                    times.append(time.perf_counter_ns() - start)
            if mode == "gpu":
                for view, arg in zip(views, [a for a in args if hasattr(a, "cpu")]):
                    view[...] = arg.cpu().numpy()
            if arena is not None:
                arena.flush()
            del views, args, arena
            send({"ok": True, "times": times})
        except Exception as error:
            send({"ok": False, "error": "".join(traceback.format_exception_only(type(error), error)).strip()[-2000:]})
    """#
}
