# Sourced by ./quant4j and quant4j-bench/run: how the JVM's native libraries (PyTorch, ONNX Runtime)
# wait and allocate. One place for these settings.

# PyTorch's OpenMP threads spin while waiting by default; with two PyTorch processes on few cores
# that turns a 120 ms training step into seconds. Passive waiting costs a few % alone.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"

# PyTorch's CPU tensors come from malloc. glibc either hands freed blocks back to the OS (every
# training step faults its activations in again) or, with the fixed thresholds below, keeps every
# block it ever had: `ptq --model resnet_fmnist --pretrained` then peaks at 2.0 GB resident and
# `qat --recipe recipes/resnet_fmnist_qat.yaml` at 2.57 GB. tcmalloc (Debian: libtcmalloc-minimal4)
# reuses freed blocks without either: 0.85 GB and 1.34 GB, with fewer page faults than tuned glibc.
# It is used when installed; QUANT4J_MALLOC=glibc keeps glibc.
quant4j_malloc_lib=""
if [ "${QUANT4J_MALLOC:-auto}" != "glibc" ] && [ -z "${LD_PRELOAD:-}" ]; then
  quant4j_malloc_lib="$({ /sbin/ldconfig -p 2>/dev/null || ldconfig -p 2>/dev/null || true; } \
    | awk '/libtcmalloc_minimal\.so\.4 / && !found { print $NF; found = 1 }')"
fi
if [ -n "$quant4j_malloc_lib" ] && [ -f "$quant4j_malloc_lib" ]; then
  export LD_PRELOAD="$quant4j_malloc_lib"
else
  # glibc: fixed thresholds and one arena keep freed blocks (QatStepBench 0.70 M page faults ->
  # 0.29 M, FP32 training 1,284 -> 1,365 images/s) at the cost of resident memory.
  export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-33554432}"
  export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-17179869184}"
  export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}"
fi

# The Java heap. G1 (the JVM's default) starts at 1/64 of RAM (384 MB on 24 GB) and grows fast
# when collections are frequent: `qat --recipe recipes/resnet_fmnist_qat.yaml` peaked at 1.07 GB
# resident, 1.46 GB with -Xms32m. The serial collector grows the heap only as far as the live
# data needs (datasets are bytes, tensors live in native memory): 0.85 GB, same accuracy and step
# times. Both launchers use these unless QUANT4J_JAVA_OPTS / BENCH_JAVA_OPTS replace them.
quant4j_java_heap="-Xms32m -XX:+UseSerialGC"

# The JDK's Vector API (Java 17's incubator module) for the fake-quantization loops: about 4 % of
# resnet_fmnist's QAT step (io.quant4j.tensor.VectorLoops). The JVM announces it with one
# line on stderr, "WARNING: Using incubator modules: jdk.incubator.vector". Without the module the
# same loops run as scalar Java (QUANT4J_VECTOR=off chooses them), with the same results.
quant4j_java_modules="--add-modules jdk.incubator.vector"
