package io.quant4j.onnx.compare;

import java.util.BitSet;

/**
 * Agreement of two probability maps ({@code [N, 1, H, W]}, e.g. the text map of PaddleOCR's DB
 * detector) as masks: a pixel is on where its value exceeds the threshold ({@code p > t}, as the
 * DB post-processing binarizes at 0.3), and
 * <pre>
 *   IoU = |ref > t  AND  cand > t| / |ref > t  OR  cand > t|
 * </pre>
 * with intersection and union summed over all images (so large masks weigh more than small ones).
 * Two empty masks agree: IoU 1. The comparison is in float32 ({@code p > (float) t}), as NumPy
 * compares a float32 map with a Python float, so a value of {@code 0.3f} is not above 0.3.
 *
 * <p>Example, t = 0.3: ref {@code [0.9, 0.5, 0.1, 0.2]}, cand {@code [0.8, 0.2, 0.4, 0.1]}:
 * ref on at 0, 1; cand on at 0, 2; intersection 1, union 3, IoU 1/3.
 *
 * @param threshold the binarization threshold
 * @param intersection pixels on in both masks
 * @param union pixels on in either mask
 * @param refOn pixels on in the reference mask
 * @param candOn pixels on in the candidate mask
 */
public record MaskIoU(double threshold, long intersection, long union, long refOn, long candOn) {
    public MaskIoU {
        if (!Double.isFinite(threshold) || intersection < 0 || union < intersection || refOn > union || candOn > union
                || refOn < intersection || candOn < intersection) {
            throw new IllegalArgumentException("expected a finite threshold and 0 <= intersection <= on-counts <= union, found t="
                    + threshold + ", " + intersection + ", " + refOn + ", " + candOn + ", " + union);
        }
    }

    /** Nothing compared yet. */
    public static MaskIoU empty(double threshold) {
        return new MaskIoU(threshold, 0, 0, 0, 0);
    }

    /** This one plus the pixels of two maps of one length. */
    public MaskIoU add(float[] ref, float[] cand) {
        if (ref.length != cand.length) {
            throw new IllegalArgumentException("expected maps of one length, found " + ref.length + " and " + cand.length);
        }
        return add(on(ref, threshold), cand);
    }

    /** The pixels of {@code map} that are on at {@code threshold}: {@code p > (float) t}. */
    public static BitSet on(float[] map, double threshold) {
        float t = (float) threshold;
        BitSet on = new BitSet(map.length);
        for (int i = 0; i < map.length; i++) {
            if (map[i] > t) {
                on.set(i);
            }
        }
        return on;
    }

    /** This one plus the pixels of {@code cand} against a reference mask ({@link #on}) of a map of the same length. */
    public MaskIoU add(BitSet refMask, float[] cand) {
        if (refMask.length() > cand.length) {
            throw new IllegalArgumentException("expected a map covering the reference mask's " + refMask.length() + " pixels, found "
                    + cand.length);
        }
        BitSet c = on(cand, threshold);
        long r = refMask.cardinality();
        long k = c.cardinality();
        c.and(refMask);
        long inter = c.cardinality();
        return new MaskIoU(threshold, intersection + inter, union + r + k - inter, refOn + r, candOn + k);
    }

    /** Intersection over union, 1 when both masks are empty. */
    public double iou() {
        return union == 0 ? 1 : (double) intersection / union;
    }
}
