package io.quant4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.data.npy.NpyWriter;
import io.quant4j.testing.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourceTest {
    @TempDir
    Path dir;

    @Test
    void namesFoldersAndArraysParseToTheirKind() throws IOException {
        assertThat(DataSource.parse("fashion_mnist")).isEqualTo(new DataSource.Named(IdxDatasetSpec.FASHION_MNIST));
        assertThat(DataSource.parse("Fashion-MNIST")).isEqualTo(new DataSource.Named(IdxDatasetSpec.FASHION_MNIST));
        assertThat(DataSource.parse("mnist")).isEqualTo(new DataSource.Named(IdxDatasetSpec.MNIST));

        IdxFiles.writeDataset(dir.resolve("idx"), IdxDatasetSpec.FASHION_MNIST, 4, 28, 28, true);
        assertThat(DataSource.parse(dir.resolve("idx").toString())).isEqualTo(new DataSource.IdxFolder(dir.resolve("idx")));

        ImageFiles.grey(dir.resolve("classes/a/1.png"), 4, 4, 0);
        assertThat(DataSource.parse(dir.resolve("classes").toString())).isEqualTo(new DataSource.ImageFolder(dir.resolve("classes")));

        ImageFiles.grey(dir.resolve("flat/1.png"), 4, 4, 0);
        ImageFiles.grey(dir.resolve("flat/more/2.png"), 4, 4, 0);
        assertThat(DataSource.parse(dir.resolve("flat").toString())).isEqualTo(new DataSource.UnlabelledFolder(dir.resolve("flat")));

        Path x = dir.resolve("x.npy");
        NpyWriter.writeFloat32(x, new float[4], 1, 1, 2, 2);
        assertThat(DataSource.parse(x.toString())).isEqualTo(new DataSource.Npy(x, null));
        NpyWriter.writeInt64(dir.resolve("x.labels.npy"), new long[] {0}, 1);
        assertThat(DataSource.parse(x.toString())).isEqualTo(new DataSource.Npy(x, dir.resolve("x.labels.npy")));
    }

    @Test
    void aMissingPathOrAnotherFileIsRefusedWithTheFormsAccepted() throws IOException {
        assertThatThrownBy(() -> DataSource.parse(dir.resolve("nope").toString())).isInstanceOf(DataSourceException.class)
                .hasMessageContaining("nothing at that path").hasMessageContaining("folder of images");
        Path txt = Files.writeString(dir.resolve("a.csv"), "1,2");
        assertThatThrownBy(() -> DataSource.parse(txt.toString())).isInstanceOf(DataSourceException.class)
                .hasMessageContaining("not .npy");
    }

    @Test
    void anArrayOfAnotherShapeThanTheModelInputIsRefused() throws IOException {
        Path x = dir.resolve("x.npy");
        NpyWriter.writeFloat32(x, new float[2 * 3 * 4 * 4], 2, 3, 4, 4);
        assertThatThrownBy(() -> DataSources.open(DataSource.parse(x.toString()), Split.TEST, InputSpec.FASHION_MNIST, Augmentation.NONE,
                false)).isInstanceOf(DataSourceException.class).hasMessageContaining("[3, 4, 4]").hasMessageContaining("[1, 28, 28]")
                .hasMessageContaining(x.toString());
    }

    @Test
    void anArrayIsReadAsStoredWithItsLabels() throws IOException {
        Path x = dir.resolve("x.npy");
        float[] values = new float[3 * 784];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f - 7;
        }
        NpyWriter.writeFloat32(x, values, 3, 1, 28, 28);
        NpyWriter.writeInt64(dir.resolve("x.labels.npy"), new long[] {2, 0, 9}, 3);
        DataSource src = DataSource.parse(x.toString());
        Dataset d = DataSources.open(src, Split.TEST, InputSpec.FASHION_MNIST, Augmentation.NONE, false);
        float[] out = new float[784];
        d.read(2, out, 0, null);
        assertThat(out[0]).isEqualTo(values[2 * 784]);
        assertThat(new int[] {d.label(0), d.label(1), d.label(2)}).containsExactly(2, 0, 9);
        assertThat(DataSources.transform(src, InputSpec.FASHION_MNIST, Augmentation.NONE)).isSameAs(Transform.identity());
    }

    @Test
    void classCountsMustFitTheModelsHead() throws IOException {
        for (String c : List.of("a", "b", "c")) {
            ImageFiles.grey(dir.resolve("f/" + c + "/1.png"), 28, 28, 0);
        }
        DataSource src = DataSource.parse(dir.resolve("f").toString());
        Dataset d = DataSources.open(src, Split.TEST, InputSpec.FASHION_MNIST, Augmentation.NONE, false);
        DataSources.checkClasses(src, d, 3);
        assertThatThrownBy(() -> DataSources.checkClasses(src, d, 10)).isInstanceOf(DataSourceException.class)
                .hasMessageContaining("3 class subfolders [a, b, c]").hasMessageContaining("10 outputs");
        Path x = dir.resolve("x.npy");
        NpyWriter.writeFloat32(x, new float[2 * 784], 2, 1, 28, 28);
        NpyWriter.writeInt64(dir.resolve("x.labels.npy"), new long[] {0, 11}, 2);
        DataSource npy = DataSource.parse(x.toString());
        Dataset a = DataSources.open(npy, Split.TEST, InputSpec.FASHION_MNIST, Augmentation.NONE, false);
        assertThatThrownBy(() -> DataSources.checkClasses(npy, a, 10)).isInstanceOf(DataSourceException.class)
                .hasMessageContaining("labels up to 11");
    }
}
