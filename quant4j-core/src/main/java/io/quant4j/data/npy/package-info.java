/**
 * NumPy {@code .npy} files: {@link io.quant4j.data.npy.NpyFile} reads arrays of samples (first
 * dimension first) one sample at a time from a memory mapping, as float32 whatever the stored type
 * (float32, float16, float64, uint8, int8, int32, int64, bool; either byte order);
 * {@link io.quant4j.data.npy.NpyLabels} checks and reads labels files;
 * {@link io.quant4j.data.npy.NpyWriter} writes float32 and int64 arrays. Problems with a file are
 * {@link io.quant4j.data.npy.NpyFormatException} (not a readable {@code .npy}) or
 * {@link io.quant4j.data.npy.NpyMismatchException} (readable, but not what it is used for), both
 * naming the file and, where one value is at fault, its byte offset.
 */
package io.quant4j.data.npy;
