package io.quant4j.quantization.ptq;

import io.quant4j.errors.Quant4jException;
import io.quant4j.nn.Module;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.calib.AmaxMethod;
import io.quant4j.quantization.calib.HistogramCalibrator;
import io.quant4j.quantization.calib.MaxCalibrator;
import io.quant4j.quantization.calib.NoCalibrationDataException;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import io.quant4j.train.ProgressMode;
import io.quant4j.train.ProgressTask;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Calibrates every {@link TensorQuantizer} of a model in one float pass, as SuperGradients'
 * {@code QuantizationCalibrator}: all enabled quantizers switch to calibration (quant off,
 * calibrator on: the model computes in float while they observe), exactly {@code numBatches}
 * batches run through the model in eval mode without gradients (SuperGradients runs one extra),
 * then each quantizer loads its amax (max calibrators: the max; histogram calibrators: the
 * requested method), histograms are released, and quantization is switched back on.
 *
 * <p>Two outputs, as in SuperGradients: <b>progress</b> over the calibration batches (its tqdm bar),
 * chosen when the calibrator is built, and the <b>verbose</b> listing, asked for by
 * {@link CalibrationParams#verbose()}: once every amax is loaded, one line per quantizer,
 * {@code path: TensorQuantizer(... amax=...)} ({@link CalibrationResult#format()}), what
 * SuperGradients' {@code QuantizationCalibrator(verbose=True)} prints. So the tutorial's
 * {@code QuantizationCalibrator(verbose=True)} is {@code CalibrationParams.defaults().withVerbose(true)}
 * here, and the boolean of {@link #QuantizationCalibrator(boolean)} is the progress bar, not verbose.
 */
public final class QuantizationCalibrator {
    private final ProgressMode progress;
    private final PrintStream progressOut;
    private final PrintStream verboseOut;
    private final java.util.function.BiConsumer<String, HistogramCalibrator> histograms;

    /**
     * Progress on standard error, the verbose listing on standard output (where SuperGradients'
     * tqdm and {@code print} write).
     *
     * @param progress show the progress of the calibration batches ({@link ProgressMode#AUTO}: a
     *     bar on a terminal, plain lines otherwise), or nothing. Not SuperGradients' {@code verbose}:
     *     that is {@link CalibrationParams#verbose()}
     */
    public QuantizationCalibrator(boolean progress) {
        this(progress ? ProgressMode.AUTO : ProgressMode.NONE, System.err, System.out);
    }

    /**
     * Progress and the verbose listing on one stream.
     *
     * @param progress how to show the calibration batches ({@link ProgressTask}'s rule)
     * @param out where progress and, with {@link CalibrationParams#verbose()}, the listing go
     */
    public QuantizationCalibrator(ProgressMode progress, PrintStream out) {
        this(progress, out, out);
    }

    /**
     * @param progress how to show the calibration batches ({@link ProgressTask}'s rule)
     * @param progressOut where progress goes
     * @param verboseOut where the listing of {@link CalibrationParams#verbose()} goes
     */
    public QuantizationCalibrator(ProgressMode progress, PrintStream progressOut, PrintStream verboseOut) {
        this(progress, progressOut, verboseOut, null);
    }

    private QuantizationCalibrator(ProgressMode progress, PrintStream progressOut, PrintStream verboseOut,
                                   java.util.function.BiConsumer<String, HistogramCalibrator> histograms) {
        this.progress = Objects.requireNonNull(progress, "progress");
        this.progressOut = Objects.requireNonNull(progressOut, "progressOut");
        this.verboseOut = Objects.requireNonNull(verboseOut, "verboseOut");
        this.histograms = histograms;
    }

    /**
     * This calibrator, also handing every histogram calibrator that collected data to
     * {@code observer} (with its quantizer's path, in model order) after amax is loaded and before
     * the histogram is released: the one calibration pass from which every other method's amax
     * can be computed ({@link HistogramCalibrator#computeAmax}).
     */
    public QuantizationCalibrator withHistogramObserver(java.util.function.BiConsumer<String, HistogramCalibrator> observer) {
        return new QuantizationCalibrator(progress, progressOut, verboseOut, Objects.requireNonNull(observer, "observer"));
    }

    /**
     * Calibrates {@code model} in place; with {@link CalibrationParams#verbose()} then prints every
     * quantizer with its amax.
     *
     * @param batches inputs; each supplier creates its batch {@code N x C x H x W} in the current scope
     */
    public CalibrationResult calibrate(Module model, Iterator<? extends Supplier<Tensor>> batches, CalibrationParams params) {
        Map<String, TensorQuantizer> quantizers = quantizers(model);
        if (quantizers.isEmpty()) {
            throw new Quant4jException("the model has no TensorQuantizer to calibrate", "Quantize it first (SelectiveQuantizer.quantize).");
        }
        if (!batches.hasNext()) {
            throw new Quant4jException("the calibration loader is empty: expected " + params.budget() + ", found none",
                    "Give a loader with calibration data (e.g. a slice of the training set).");
        }
        List<TensorQuantizer> active = new ArrayList<>();
        quantizers.values().forEach(q -> {
            if (q.isEnabled()) {
                q.disableQuant().enableCalib();
                active.add(q);
            }
        });
        boolean wasTraining = model.isTraining();
        model.eval();
        long t0 = System.nanoTime();
        int done = 0;
        long images = 0;
        boolean byBatches = params.numCalibBatches() != null;
        try (ProgressTask shown = ProgressTask.start(progress, progressOut, "calibration",
                byBatches ? params.numCalibBatches() : CalibrationParams.DEFAULT_IMAGES, byBatches ? "batches" : "images");
             Autograd.Recording off = Autograd.noGrad()) {
            while (!params.enough(done, images) && batches.hasNext()) {
                try (Scope step = Scope.open()) {
                    Tensor x = batches.next().get();
                    images += x.dim(0);
                    model.forward(x);
                }
                done++;
                shown.stepTo(byBatches ? done : Math.min(images, CalibrationParams.DEFAULT_IMAGES));
            }
        } finally {
            active.forEach(q -> q.disableCalib().enableQuant());
            model.train(wasTraining);
        }
        // Every calibrator's amax is pure Java over its own histogram: compute them in parallel,
        // then load them into the quantizers on this thread.
        List<Map.Entry<String, TensorQuantizer>> entries = new ArrayList<>(quantizers.entrySet());
        Object[] computed = new Object[entries.size()];
        java.util.stream.IntStream.range(0, entries.size()).parallel().forEach(i -> {
            TensorQuantizer q = entries.get(i).getValue();
            if (active.contains(q)) {
                try {
                    computed[i] = q.calibrator().computeAmax(methodFor(q, params));
                } catch (RuntimeException ex) {
                    computed[i] = ex;
                }
            }
        });
        List<String> uncalibrated = new ArrayList<>();
        List<CalibrationResult.QuantizerInfo> infos = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String path = entries.get(i).getKey();
            TensorQuantizer q = entries.get(i).getValue();
            AmaxMethod method = methodFor(q, params);
            if (computed[i] instanceof NoCalibrationDataException ex) {
                if (!params.allowUncalibrated()) {
                    throw (Quant4jException) ex.locateIfAbsent(path);
                }
                uncalibrated.add(path);
            } else if (computed[i] instanceof Quant4jException ex) {
                throw ex.locateIfAbsent(path);
            } else if (computed[i] instanceof RuntimeException ex) {
                throw ex;
            } else if (computed[i] instanceof io.quant4j.quantization.calib.Amax a) {
                try {
                    q.setAmax(a);
                    if (q.clip() != null) {
                        q.initLearnAmax();
                    }
                } catch (Quant4jException ex) {
                    throw ex.locateIfAbsent(path);
                }
            }
            double clipped = 0;
            float observed = Float.NaN;
            if (active.contains(q) && q.calibrator() instanceof HistogramCalibrator h && h.hasData()
                    && computed[i] instanceof io.quant4j.quantization.calib.Amax a && a.values().length == 1) {
                clipped = h.clippedFraction(a.get(0));
                observed = h.range();
            }
            if (histograms != null && active.contains(q) && q.calibrator() instanceof HistogramCalibrator h && h.hasData()) {
                histograms.accept(path, h);
            }
            if (active.contains(q)) {
                q.releaseCalibrator();
            }
            infos.add(new CalibrationResult.QuantizerInfo(path, q.amax(), q.calibrator() instanceof MaxCalibrator ? "Max" : "Histogram",
                    method.toString(), q.toString(), clipped, observed));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        CalibrationResult result = new CalibrationResult(done, images, seconds, infos, uncalibrated);
        if (params.verbose()) {
            verboseOut.print(result.format());
            verboseOut.flush();
        }
        return result;
    }

    private static AmaxMethod methodFor(TensorQuantizer q, CalibrationParams params) {
        return q.calibrator() instanceof MaxCalibrator ? AmaxMethod.max() : params.histogramMethod();
    }

    /** Every quantizer of a model by dotted path. */
    public static Map<String, TensorQuantizer> quantizers(Module model) {
        Map<String, TensorQuantizer> out = new LinkedHashMap<>();
        model.namedModules().forEach((p, m) -> {
            if (m instanceof TensorQuantizer q) {
                out.put(p, q);
            }
        });
        return out;
    }
}
