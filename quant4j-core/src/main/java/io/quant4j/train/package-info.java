/**
 * Training: optimizers with PyTorch's update rules ({@link io.quant4j.train.Sgd},
 * {@link io.quant4j.train.Adam}, {@link io.quant4j.train.AdamW}), learning-rate schedules
 * ({@link io.quant4j.train.LrSchedule}), the {@link io.quant4j.train.Trainer} (validation,
 * atomic checkpoints and resume, EMA, label smoothing, progress, phase callbacks,
 * {@code summary.json}) configured by a validated {@link io.quant4j.train.TrainingParams}, and the
 * {@link io.quant4j.train.Evaluator} (top-1/top-5 accuracy and images/s). Progress follows one rule,
 * {@link io.quant4j.train.ProgressTask}'s, shared with calibration.
 */
package io.quant4j.train;
