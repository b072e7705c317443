"""Makes a pytorch-quantization source checkout importable without building it (quant4j's code).

The package ``__init__`` is bypassed (it needs the generated ``version.py`` and pulls in
``quant_modules``); ``pytorch_quantization.cuda_ext`` (the compiled CUDA kernels) is an empty
module, which the code calls only for CUDA tensors. Used by the reference generators next to it.
"""
import os
import sys
import types


def install(src, required):
    """Registers the package at ``src`` (tools/pytorch-quantization of NVIDIA/TensorRT) and returns
    its VERSION; exits naming ``required`` (a path inside the package) when ``src`` is not one."""
    root = os.path.join(os.path.abspath(src), "pytorch_quantization")
    if not os.path.isfile(os.path.join(root, required)):
        sys.exit(f"--pq-src {src}: expected the folder tools/pytorch-quantization of NVIDIA/TensorRT "
                 f"(with pytorch_quantization/{required}), found none there")
    pkg = types.ModuleType("pytorch_quantization")
    pkg.__path__ = [root]
    sys.modules["pytorch_quantization"] = pkg
    ext = types.ModuleType("pytorch_quantization.cuda_ext")
    sys.modules["pytorch_quantization.cuda_ext"] = ext
    pkg.cuda_ext = ext
    with open(os.path.join(src, "VERSION")) as f:
        return f.read().strip()
