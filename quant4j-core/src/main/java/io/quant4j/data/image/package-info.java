/**
 * Image files to model inputs with torchvision's PIL-backend semantics, in plain Java (no DJL):
 * {@link io.quant4j.data.image.ImageDecoder} decodes PNG, JPEG, BMP and GIF into 8-bit HWC
 * {@link io.quant4j.data.image.Image8}s (RGB or L, EXIF orientation applied);
 * {@link io.quant4j.data.image.ImageTransform}s ({@link io.quant4j.data.image.Resize},
 * {@link io.quant4j.data.image.CenterCrop}, {@link io.quant4j.data.image.RandomResizedCrop},
 * {@link io.quant4j.data.image.RandomHorizontalFlip}, chained by
 * {@link io.quant4j.data.image.ImagePipeline}) resize and crop them as PIL does, bit for bit;
 * {@link io.quant4j.data.image.ToTensor} writes CHW floats in {@code [0, 1]} into a batch buffer,
 * where {@link io.quant4j.data.Normalize} standardizes them.
 *
 * <pre>{@code
 * ImagePipeline eval = ImagePipeline.of(new Resize(256), new CenterCrop(224));
 * Image8 img = eval.apply(ImageDecoder.decode(file, ColorMode.RGB), rng);
 * ToTensor.write(img, batch, i * 3 * 224 * 224);
 * }</pre>
 */
package io.quant4j.data.image;
