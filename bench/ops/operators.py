"""The operator suite's table: for every operator, its kernel file, how to
count its work, its OpenBLAS call (matmul family) and its eager NumPy and
PyTorch expressions.

`p` is always the dict of the kernel's integer parameters at the benchmarked
size (the driver prints them), e.g. {"rows": 4096, "cols": 1024}.
Work is counted as a PyTorch user would: useful FLOPs (a transcendental
function counts as one), and the bytes an ideal single pass moves (inputs read
once, outputs written once, float32).
"""
from dataclasses import dataclass, field
from typing import Callable, Optional

F = 4  # bytes per float32


@dataclass
class Operator:
    name: str            # row name in the table
    path: str            # kernel file, relative to bench/ops
    level: int           # 1: single operator, 2: fusion
    bound: str           # "compute": GFLOP/s vs FMA peak; "memory": GB/s vs triad bandwidth
    flops: Callable[[dict], float]
    bytes: Callable[[dict], float]
    defines: list = field(default_factory=list)
    blas: Optional[str] = None    # C body calling OpenBLAS with the kernel's parameter names
    numpy: Optional[str] = None   # eager expression over the arrays named as the kernel's parameters
    torch: Optional[str] = None


def elementwise(name, per_element, numpy, torch):
    return Operator(name, f"level1/{name}.c", 1, "memory", lambda p: per_element * p["rows"] * p["cols"],
                    lambda p: 2 * F * p["rows"] * p["cols"], numpy=numpy, torch=torch)


def row_reduction(name, numpy, torch):
    return Operator(name, f"level1/{name}.c", 1, "memory", lambda p: p["rows"] * p["cols"],
                    lambda p: F * (p["rows"] * p["cols"] + p["rows"]), numpy=numpy, torch=torch)


def pooling(name, per_output, numpy, torch):
    return Operator(name, f"level1/{name}.c", 1, "memory", lambda p: per_output * p["nb"] * p["ch"] * p["oh"] * p["ow"],
                    lambda p: 5 * F * p["nb"] * p["ch"] * p["oh"] * p["ow"], numpy=numpy, torch=torch)


def conv_flops(p):
    return 2.0 * p["nb"] * p["co"] * p["ci"] * (p["ih"] - 2) * (p["iw"] - 2) * 9


def conv_bytes(p):
    return F * (p["nb"] * p["ci"] * p["ih"] * p["iw"] + p["co"] * p["ci"] * 9 + p["nb"] * p["co"] * (p["ih"] - 2) * (p["iw"] - 2))


def gemm_flops(p):
    return 2.0 * p["m"] * p["n"] * p["k"]


def gemm_bytes(p):
    return F * (p["m"] * p["k"] + p["k"] * p["n"] + p["m"] * p["n"])


SGEMM_BLAS = "cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, &A[0][0], n, &B[0][0], n, 0.0f, &C[0][0], n);"
GELU_NP = "0.5 * Y * (1 + np.tanh(np.float32(0.7978845608) * (Y + np.float32(0.044715) * Y * Y * Y)))"
LAYERNORM_NP = "((X - X.mean(1, keepdims=True)) / np.sqrt(X.var(1, keepdims=True) + np.float32(1e-5)) * G + Bias)"
LAYERNORM_TORCH = "F.layer_norm(X, (X.shape[1],), weight=G, bias=Bias, eps=1e-5)"
SOFTMAX_NP = "(lambda e: e / e.sum(1, keepdims=True))(np.exp(Z - Z.max(1, keepdims=True)))"

OPERATORS = [
    Operator("sgemm", "level1/sgemm.c", 1, "compute", lambda p: 2.0 * p["n"] ** 3, lambda p: 3 * F * p["n"] ** 2,
             blas=SGEMM_BLAS, numpy="A @ B", torch="A @ B"),
    Operator("sgemm-2048", "level1/sgemm.c", 1, "compute", lambda p: 2.0 * p["n"] ** 3, lambda p: 3 * F * p["n"] ** 2,
             defines=["-DN=2048"], blas=SGEMM_BLAS, numpy="A @ B", torch="A @ B"),
    Operator("matmul_tb", "level1/matmul_tb.c", 1, "compute", gemm_flops, gemm_bytes,
             blas="cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1.0f, &A[0][0], k, &B[0][0], k, 0.0f, &C[0][0], n);",
             numpy="A @ B.T", torch="A @ B.T"),
    Operator("bmm", "level1/bmm.c", 1, "compute", lambda p: p["batch"] * gemm_flops(p), lambda p: p["batch"] * gemm_bytes(p),
             blas="for (int b = 0; b < batch; b++) cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, "
                  "&A[b][0][0], k, &B[b][0][0], n, 0.0f, &C[b][0][0], n);",
             numpy="np.matmul(A, B)", torch="torch.bmm(A, B)"),
    Operator("matvec", "level1/matvec.c", 1, "memory", lambda p: 2.0 * p["m"] * p["k"], lambda p: F * (p["m"] * p["k"] + p["m"] + p["k"]),
             blas="cblas_sgemv(CblasRowMajor, CblasNoTrans, m, k, 1.0f, &A[0][0], k, X, 1, 0.0f, Y, 1);",
             numpy="A @ X", torch="torch.mv(A, X)"),
    elementwise("relu", 1, "np.maximum(X, np.float32(0))", "torch.relu(X)"),
    elementwise("gelu", 9, GELU_NP.replace("Y", "X"), "F.gelu(X, approximate='tanh')"),
    elementwise("silu", 4, "X / (1 + np.exp(-X))", "F.silu(X)"),
    elementwise("tanh", 1, "np.tanh(X)", "torch.tanh(X)"),
    Operator("softmax", "level1/softmax.c", 1, "memory", lambda p: 5.0 * p["rows"] * p["cols"], lambda p: 2 * F * p["rows"] * p["cols"],
             numpy=SOFTMAX_NP.replace("Z", "X"), torch="torch.softmax(X, 1)"),
    Operator("log_softmax", "level1/log_softmax.c", 1, "memory", lambda p: 5.0 * p["rows"] * p["cols"],
             lambda p: 2 * F * p["rows"] * p["cols"],
             numpy="(lambda z: z - np.log(np.exp(z).sum(1, keepdims=True)))(X - X.max(1, keepdims=True))",
             torch="torch.log_softmax(X, 1)"),
    Operator("layernorm", "level1/layernorm.c", 1, "memory", lambda p: 8.0 * p["rows"] * p["cols"],
             lambda p: 2 * F * p["rows"] * p["cols"], numpy=LAYERNORM_NP, torch=LAYERNORM_TORCH),
    Operator("rmsnorm", "level1/rmsnorm.c", 1, "memory", lambda p: 5.0 * p["rows"] * p["cols"],
             lambda p: 2 * F * p["rows"] * p["cols"],
             numpy="X / np.sqrt((X * X).mean(1, keepdims=True) + np.float32(1e-5)) * G",
             torch="F.rms_norm(X, (X.shape[1],), weight=G, eps=1e-5)"),
    row_reduction("row_sum", "X.sum(1)", "torch.sum(X, 1)"),
    row_reduction("row_max", "X.max(1)", "torch.amax(X, 1)"),
    row_reduction("row_mean", "X.mean(1)", "torch.mean(X, 1)"),
    Operator("conv2d", "level1/conv2d.c", 1, "compute", conv_flops, conv_bytes,
             numpy="np.einsum('ncpqrs,ocrs->nopq', sliding_window_view(X, (3, 3), axis=(2, 3)), Wt, optimize=True)",
             torch="F.conv2d(X, Wt)"),
    Operator("depthwise_conv2d", "level1/depthwise_conv2d.c", 1, "memory",
             lambda p: 18.0 * p["nb"] * p["ch"] * (p["ih"] - 2) * (p["iw"] - 2),
             lambda p: F * p["nb"] * p["ch"] * (p["ih"] * p["iw"] + (p["ih"] - 2) * (p["iw"] - 2)),
             numpy="np.einsum('ncpqrs,crs->ncpq', sliding_window_view(X, (3, 3), axis=(2, 3)), Wt, optimize=True)",
             torch="F.conv2d(X, Wt.unsqueeze(1), groups=X.shape[1])"),
    pooling("max_pool2d", 3, "X.reshape(X.shape[0], X.shape[1], X.shape[2] // 2, 2, X.shape[3] // 2, 2).max(axis=(3, 5))",
            "F.max_pool2d(X, 2)"),
    pooling("avg_pool2d", 4, "X.reshape(X.shape[0], X.shape[1], X.shape[2] // 2, 2, X.shape[3] // 2, 2).mean(axis=(3, 5))",
            "F.avg_pool2d(X, 2)"),
    elementwise("cumsum", 1, "np.cumsum(X, 1)", "torch.cumsum(X, 1)"),
    # Level 2: fusions.
    Operator("gemm_bias_relu", "level2/gemm_bias_relu.c", 2, "compute", lambda p: gemm_flops(p) + 2.0 * p["m"] * p["n"],
             gemm_bytes, numpy="np.maximum(X @ Wt + Bias, np.float32(0))", torch="torch.relu(X @ Wt + Bias)"),
    Operator("gemm_scale_residual", "level2/gemm_scale_residual.c", 2, "compute",
             lambda p: gemm_flops(p) + 2.0 * p["m"] * p["n"], lambda p: gemm_bytes(p) + F * p["m"] * p["n"],
             numpy="scale * (X @ Wt) + R", torch="scale * (X @ Wt) + R"),
    Operator("conv2d_bias_relu", "level2/conv2d_bias_relu.c", 2, "compute", conv_flops, conv_bytes,
             numpy="np.maximum(np.einsum('ncpqrs,ocrs->nopq', sliding_window_view(X, (3, 3), axis=(2, 3)), Wt, optimize=True)"
                   " + Bias[None, :, None, None], np.float32(0))",
             torch="torch.relu(F.conv2d(X, Wt, Bias))"),
    Operator("matmul_softmax", "level2/matmul_softmax.c", 2, "compute", lambda p: gemm_flops(p) + 5.0 * p["m"] * p["n"],
             gemm_bytes, numpy=SOFTMAX_NP.replace("Z", "(A @ B)"), torch="torch.softmax(A @ B, 1)"),
    Operator("layernorm_gelu", "level2/layernorm_gelu.c", 2, "memory", lambda p: 17.0 * p["rows"] * p["cols"],
             lambda p: 2 * F * p["rows"] * p["cols"],
             numpy=f"(lambda Y: {GELU_NP})({LAYERNORM_NP})",
             torch=f"F.gelu({LAYERNORM_TORCH}, approximate='tanh')"),
]
