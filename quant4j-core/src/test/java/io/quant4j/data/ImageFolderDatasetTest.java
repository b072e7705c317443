package io.quant4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.data.image.ImageDecodeException;
import io.quant4j.testing.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {
    private static final InputSpec GREY_8x6 = new InputSpec(new long[] {1, 8, 6}, null, null, new float[] {0.5f}, new float[] {0.25f},
            List.of());

    @TempDir
    Path dir;

    @Test
    void classesAreTheSortedSubfoldersAndFilesAreInTorchvisionOrder() throws IOException {
        ImageFiles.grey(dir.resolve("cat/b.png"), 8, 6, 1);
        ImageFiles.grey(dir.resolve("cat/a.png"), 8, 6, 2);
        ImageFiles.grey(dir.resolve("ant/sub/z.png"), 8, 6, 3);
        ImageFiles.grey(dir.resolve("ant/y.png"), 8, 6, 4);
        ImageFiles.grey(dir.resolve("ant/.hidden.png"), 8, 6, 5);
        Files.writeString(dir.resolve("ant/notes.txt"), "not an image");
        Files.createDirectories(dir.resolve(".cache"));

        ImageFolderDataset d = ImageFolderDataset.labelled(dir, GREY_8x6, Augmentation.NONE, false);

        assertThat(d.classNames()).containsExactly("ant", "cat");
        assertThat(d.size()).isEqualTo(4);
        assertThat(List.of(d.file(0), d.file(1), d.file(2), d.file(3))).containsExactly(dir.resolve("ant/y.png"),
                dir.resolve("ant/sub/z.png"), dir.resolve("cat/a.png"), dir.resolve("cat/b.png"));
        assertThat(new int[] {d.label(0), d.label(1), d.label(2), d.label(3)}).containsExactly(0, 0, 1, 1);
        assertThat(d.sampleShape()).containsExactly(1, 8, 6);
    }

    @Test
    void readsPixelsAsToTensorDoes() throws IOException {
        ImageFiles.grey(dir.resolve("a/x.png"), 8, 6, 40);
        ImageFolderDataset d = ImageFolderDataset.labelled(dir, GREY_8x6, Augmentation.NONE, false);
        float[] out = new float[1 + 48];
        d.read(0, out, 1, new SplittableRandom(0));
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 6; x++) {
                assertThat(out[1 + y * 6 + x]).isEqualTo(ImageFiles.greyValue(y, x, 40) / 255f);
            }
        }
    }

    @Test
    void anImageFolderReadsExactlyAsTheIdxFilesItWasWrittenFrom() throws IOException {
        Path idx = dir.resolve("idx");
        IdxFiles.writeDataset(idx, IdxDatasetSpec.FASHION_MNIST, 20, 28, 28, true);
        Dataset fromIdx = DataSources.open(new DataSource.IdxFolder(idx), Split.TEST, InputSpec.FASHION_MNIST, Augmentation.NONE, false);
        Path folder = dir.resolve("png");
        float[] px = new float[784];
        for (int i = 0; i < fromIdx.size(); i++) {
            fromIdx.read(i, px, 0, null);
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 784; p++) {
                img.getRaster().setSample(p % 28, p / 28, 0, Math.round(px[p] * 255));
            }
            Path f = folder.resolve(Integer.toString(fromIdx.label(i))).resolve(String.format("%05d.png", i));
            Files.createDirectories(f.getParent());
            javax.imageio.ImageIO.write(img, "png", f.toFile());
        }
        Dataset fromPng = DataSources.open(DataSource.parse(folder.toString()), Split.TEST, InputSpec.FASHION_MNIST, Augmentation.NONE,
                false);

        assertThat(fromPng.size()).isEqualTo(20);
        float[] a = new float[784];
        float[] b = new float[784];
        for (int i = 0; i < fromPng.size(); i++) {
            ImageFolderDataset f = (ImageFolderDataset) fromPng;
            int original = Integer.parseInt(f.file(i).getFileName().toString().substring(0, 5));
            fromPng.read(i, a, 0, null);
            fromIdx.read(original, b, 0, null);
            assertThat(a).as("image %d", original).containsExactly(b);
            assertThat(fromPng.label(i)).isEqualTo(fromIdx.label(original));
        }
    }

    @Test
    void resizeAndCenterCropGiveTheSpecShapeForImagesOfAnySize() throws IOException {
        InputSpec spec = new InputSpec(new long[] {3, 16, 16}, 20, new int[] {16, 16}, new float[] {0.5f}, new float[] {0.5f}, List.of());
        ImageFiles.rgb(dir.resolve("a/wide.png"), 30, 50, 1);
        ImageFiles.grey(dir.resolve("b/tall.png"), 41, 17, 2);
        ImageFolderDataset d = ImageFolderDataset.labelled(dir, spec, Augmentation.NONE, false);
        float[] out = new float[2 * 3 * 16 * 16];
        d.read(0, out, 0, null);
        d.read(1, out, 768, null);
        assertThat(d.sampleShape()).containsExactly(3, 16, 16);
        // the grey image is replicated to R, G and B
        for (int i = 0; i < 256; i++) {
            assertThat(out[768 + i]).isEqualTo(out[768 + 256 + i]).isEqualTo(out[768 + 512 + i]);
        }
    }

    @Test
    void aBgrModelReadsBlueFirst() throws IOException {
        InputSpec rgb = new InputSpec(new long[] {3, 5, 4}, null, null, new float[] {0f}, new float[] {1f}, List.of());
        ImageFiles.rgb(dir.resolve("a/x.png"), 5, 4, 17);
        float[] a = new float[60];
        float[] b = new float[60];
        ImageFolderDataset.labelled(dir, rgb, Augmentation.NONE, false).read(0, a, 0, null);
        ImageFolderDataset.labelled(dir, rgb.withChannelOrder(ChannelOrder.BGR), Augmentation.NONE, false).read(0, b, 0, null);
        for (int i = 0; i < 20; i++) {
            assertThat(b[i]).isEqualTo(a[40 + i]);
            assertThat(b[20 + i]).isEqualTo(a[20 + i]);
            assertThat(b[40 + i]).isEqualTo(a[i]);
        }
        assertThat(a[0]).isNotEqualTo(a[40]);
    }

    @Test
    void trainingAugmentationIsRandomButRepeatsForTheSameGenerator() throws IOException {
        InputSpec spec = new InputSpec(new long[] {3, 12, 12}, 14, new int[] {12, 12}, new float[] {0.5f}, new float[] {0.5f}, List.of());
        ImageFiles.rgb(dir.resolve("a/x.png"), 40, 30, 9);
        ImageFolderDataset d = ImageFolderDataset.labelled(dir, spec, new Augmentation(true, true, 0), false);
        float[] first = new float[432];
        float[] again = new float[432];
        float[] other = new float[432];
        d.read(0, first, 0, new SplittableRandom(7));
        d.read(0, again, 0, new SplittableRandom(7));
        d.read(0, other, 0, new SplittableRandom(8));
        assertThat(again).containsExactly(first);
        assertThat(other).isNotEqualTo(first);

        // colour jitter alone keeps the geometry (resize and centre crop) and changes the values
        float[] plain = new float[432];
        float[] jittered = new float[432];
        ImageFolderDataset.labelled(dir, spec, Augmentation.NONE, false).read(0, plain, 0, new SplittableRandom(7));
        ImageFolderDataset.labelled(dir, spec, new Augmentation(false, false, 0, 0.08, 0.4), false)
                .read(0, jittered, 0, new SplittableRandom(7));
        assertThat(jittered).isNotEqualTo(plain);
        assertThatThrownBy(() -> new Augmentation(true, false, 0, 0, 0)).hasMessageContaining("smallest crop area");
    }

    @Test
    void anUnlabelledFolderReadsNestedImagesWithoutLabels() throws IOException {
        ImageFiles.grey(dir.resolve("x.png"), 8, 6, 1);
        ImageFiles.grey(dir.resolve("day1/y.bmp"), 8, 6, 2);
        ImageFolderDataset d = ImageFolderDataset.unlabelled(dir, GREY_8x6, Augmentation.NONE, false);
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.labelled()).isFalse();
        assertThat(d.numClasses()).isZero();
        assertThatThrownBy(() -> d.label(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("unlabelled");
    }

    @Test
    void anEmptyClassFolderIsRefusedByName() throws IOException {
        ImageFiles.grey(dir.resolve("a/x.png"), 8, 6, 1);
        Files.createDirectories(dir.resolve("b"));
        assertThatThrownBy(() -> ImageFolderDataset.labelled(dir, GREY_8x6, Augmentation.NONE, false))
                .isInstanceOf(DataSourceException.class).hasMessageContaining("class 'b'").hasMessageContaining(dir.resolve("b").toString());
    }

    @Test
    void aFolderWithoutImagesIsRefused() throws IOException {
        Files.writeString(dir.resolve("readme.txt"), "x");
        assertThatThrownBy(() -> ImageFolderDataset.unlabelled(dir, GREY_8x6, Augmentation.NONE, false))
                .isInstanceOf(DataSourceException.class).hasMessageContaining("found none");
        assertThatThrownBy(() -> ImageFolderDataset.labelled(dir, GREY_8x6, Augmentation.NONE, false))
                .isInstanceOf(DataSourceException.class).hasMessageContaining("one subfolder per class");
    }

    @Test
    void anImageOfAnotherSizeWithoutResizeIsRefusedByName() throws IOException {
        ImageFiles.grey(dir.resolve("a/1.png"), 8, 6, 1);
        Path odd = ImageFiles.grey(dir.resolve("a/2.png"), 9, 6, 1);
        ImageFolderDataset d = ImageFolderDataset.labelled(dir, GREY_8x6, Augmentation.NONE, false);
        assertThatThrownBy(() -> d.read(1, new float[48], 0, null)).isInstanceOf(DataSourceException.class)
                .hasMessageContaining(odd.toString()).hasMessageContaining("9x6").hasMessageContaining("8x6");
        Path first = dir.resolve("other/a/1.png");
        ImageFiles.grey(first, 28, 28, 1);
        assertThatThrownBy(() -> ImageFolderDataset.labelled(dir.resolve("other"), GREY_8x6, Augmentation.NONE, false))
                .as("the first image is checked when the folder opens").isInstanceOf(DataSourceException.class)
                .hasMessageContaining(first.toString());
    }

    @Test
    void aCorruptImageFailsNamingTheFileOrIsSkippedAndCounted() throws IOException {
        ImageFiles.grey(dir.resolve("a/1.png"), 8, 6, 1);
        Path bad = ImageFiles.garbage(dir.resolve("a/2.png"));
        ImageFiles.grey(dir.resolve("b/3.png"), 8, 6, 3);
        ImageFolderDataset strict = ImageFolderDataset.labelled(dir, GREY_8x6, Augmentation.NONE, false);
        assertThat(strict.size()).isEqualTo(3);
        assertThatThrownBy(() -> strict.read(1, new float[48], 0, null)).isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining(bad.toString());

        ImageFolderDataset lenient = ImageFolderDataset.labelled(dir, GREY_8x6, Augmentation.NONE, true);
        assertThat(lenient.size()).isEqualTo(2);
        assertThat(lenient.skipped()).extracting(ImageFolderDataset.SkippedImage::file).containsExactly(bad);
        assertThat(new int[] {lenient.label(0), lenient.label(1)}).containsExactly(0, 1);
    }
}
