package io.quant4j.data.text;

import io.quant4j.data.ChannelOrder;
import io.quant4j.data.ImageShape;
import io.quant4j.data.InputSpec;
import io.quant4j.data.image.Image8;
import io.quant4j.data.image.ToTensor;
import java.util.List;

/**
 * Input specs of PaddleOCR's models (PP-OCRv4 detector and recognizer, mobile v2.0 direction
 * classifier), as PaddleOCR preprocesses for inference, and the tensor of an image under a spec.
 *
 * <p>All three read {@link ChannelOrder#BGR} (OpenCV's {@code cv2.imread}; the training configs
 * decode with {@code DecodeImage: img_mode: BGR}) and scale {@code x / 255}; then
 * <pre>
 *   DET  3 x 480 x 480   (x/255 - mean[c]) / std[c], mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225)
 *                        for c = B, G, R in this order (ImageNet's RGB statistics applied to BGR,
 *                        as PaddleOCR does); the detector reads any H and W that are multiples of 32
 *   REC  3 x 48 x 320    (x/255 - 0.5) / 0.5, so x = 0 gives -1 and x = 255 gives 1
 *   CLS  3 x 48 x 192    (x/255 - 0.5) / 0.5; class names "0" (upright) and "180"
 * </pre>
 * Sources (PaddlePaddle/PaddleOCR): {@code tools/infer/predict_det.py} ({@code NormalizeImage}
 * with {@code scale 1./255.}, the mean and std above, {@code order hwc}) and
 * {@code configs/det/PP-OCRv4/PP-OCRv4_mobile_det.yml} (the same, after
 * {@code DecodeImage img_mode BGR}); {@code tools/infer/utility.py}
 * ({@code --rec_image_shape "3, 48, 320"}, {@code --cls_image_shape "3, 48, 192"},
 * {@code --label_list ['0', '180']}); {@code configs/rec/PP-OCRv4/ch_PP-OCRv4_rec.yml}
 * ({@code RecResizeImg image_shape [3, 48, 320]}, {@code use_space_char: true}); the
 * {@code resize_norm_img} of {@code tools/infer/predict_rec.py} and {@code predict_cls.py}
 * ({@code / 255}, {@code -= 0.5}, {@code /= 0.5}); {@code configs/cls/cls_mv3.yml}
 * ({@code ClsResizeImg image_shape [3, 48, 192]}, {@code DecodeImage img_mode BGR}).
 *
 * <p>PaddleOCR resizes a crop to the model's height keeping its aspect ratio and pads the
 * normalized tensor on the right with 0 (mid grey, pixel 127.5); {@link TextRenderer} draws lines
 * at the model's size and pads them with pixel {@value TextRenderer#PAD_VALUE}, so its images need
 * no resizing. The recognizer and detector accept other widths and sizes (their ONNX inputs are
 * dynamic); these specs fix the sizes PaddleOCR uses by default.
 */
public final class OcrSpecs {
    /** PP-OCRv4 detector input: 3 x 480 x 480, BGR, ImageNet mean and std. */
    public static final InputSpec DET = new InputSpec(new long[] {3, 480, 480}, null, null,
            new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}, List.of(), ChannelOrder.BGR);
    /** PP-OCRv4 recognizer input: 3 x 48 x 320, BGR, mean 0.5, std 0.5. */
    public static final InputSpec REC = new InputSpec(new long[] {3, 48, 320}, null, null,
            new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f}, List.of(), ChannelOrder.BGR);
    /** Mobile v2.0 direction classifier input: 3 x 48 x 192, BGR, mean 0.5, std 0.5, classes "0" and "180". */
    public static final InputSpec CLS = new InputSpec(new long[] {3, 48, 192}, null, null,
            new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f}, List.of("0", "180"), ChannelOrder.BGR);

    private OcrSpecs() {}

    /**
     * The model input of a batch of RGB images: {@code N x 3 x H x W} floats, channels in the
     * spec's order, {@code (x / 255 - mean[c]) / std[c]}. The images must be {@code H x W} of the
     * spec (no resizing).
     */
    public static float[] batch(List<Image8> images, InputSpec spec) {
        long[] s = spec.shape();
        ImageShape shape = new ImageShape((int) s[0], (int) s[1], (int) s[2]);
        if (shape.channels() != 3) {
            throw new IllegalArgumentException("expected a 3-channel spec, found " + spec);
        }
        float[] out = new float[images.size() * shape.size()];
        for (int i = 0; i < images.size(); i++) {
            Image8 img = images.get(i);
            if (img.channels() != 3 || img.height() != shape.height() || img.width() != shape.width()) {
                throw new IllegalArgumentException("expected RGB images of " + shape.height() + " x " + shape.width()
                        + " for the spec " + spec + ", found " + img + " at index " + i);
            }
            int offset = i * shape.size();
            ToTensor.write(img, out, offset);
            if (spec.channelOrder() == ChannelOrder.BGR) {
                int plane = shape.plane();
                for (int p = 0; p < plane; p++) {
                    float r = out[offset + p];
                    out[offset + p] = out[offset + 2 * plane + p];
                    out[offset + 2 * plane + p] = r;
                }
            }
            spec.normalize().apply(out, offset, shape, null);
        }
        return out;
    }
}
