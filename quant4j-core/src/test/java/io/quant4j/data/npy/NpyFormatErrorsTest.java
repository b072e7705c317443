package io.quant4j.data.npy;

import static io.quant4j.data.npy.NpyBytes.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.errors.Quant4jException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files the reader refuses: each error names the file, the byte offset and a fix. */
class NpyFormatErrorsTest {
    @TempDir
    Path dir;

    private NpyFormatException refused(Path file) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> NpyFile.open(file).close());
        assertThat(t).isInstanceOf(NpyFormatException.class).isInstanceOf(Quant4jException.class);
        NpyFormatException e = (NpyFormatException) t;
        assertThat(e.file()).isEqualTo(file);
        assertThat(e.where()).isEqualTo(file + ", byte offset " + e.offset());
        assertThat(e.getMessage()).startsWith(file + ", byte offset " + e.offset() + ": ");
        assertThat(e.hint()).isNotBlank();
        return e;
    }

    @Test
    void badMagic() throws IOException {
        NpyFormatException text = refused(Files.writeString(dir.resolve("a.npy"), "1.0,2.0\n3.0,4.0\n"));
        assertThat(text.offset()).isZero();
        assertThat(text.problem()).contains("not a .npy file: expected the magic \\x93NUMPY at byte 0, found \\x31\\x2e");
        assertThat(text.hint()).contains("numpy.save");

        byte[] almost = NpyBytes.npy(1, NpyBytes.dict("<f4", "(1,)"), NpyBytes.floats(1));
        almost[3] = 'X';
        assertThat(refused(Files.write(dir.resolve("b.npy"), almost)).offset()).isEqualTo(3);

        NpyFormatException zip = refused(Files.write(dir.resolve("c.npz"), new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0}));
        assertThat(zip.hint()).contains(".npz");
        assertThat(refused(Files.write(dir.resolve("d.npy"), new byte[0])).problem()).contains("found an empty file");
    }

    @Test
    void unsupportedVersion() throws IOException {
        for (int[] v : new int[][] {{4, 0}, {1, 1}, {0, 0}}) {
            byte[] b = NpyBytes.npy(1, NpyBytes.dict("<f4", "(1,)"), NpyBytes.floats(1));
            b[6] = (byte) v[0];
            b[7] = (byte) v[1];
            NpyFormatException e = refused(Files.write(dir.resolve("v.npy"), b));
            assertThat(e.offset()).isEqualTo(6);
            assertThat(e.problem()).isEqualTo("unsupported .npy format version: expected 1.0, 2.0 or 3.0, found " + v[0] + "." + v[1]);
        }
    }

    @Test
    void truncatedPreambleHeaderAndData() throws IOException {
        byte[] whole = Files.readAllBytes(fixture("f4_3x2x2x2.npy"));
        assertThat(whole).hasSize(128 + 96);

        NpyFormatException pre = refused(Files.write(dir.resolve("p.npy"), Arrays.copyOf(whole, 9)));
        assertThat(pre.problem()).contains("truncated .npy file: expected the 10-byte preamble");

        NpyFormatException head = refused(Files.write(dir.resolve("h.npy"), Arrays.copyOf(whole, 60)));
        assertThat(head.problem()).isEqualTo("truncated .npy file: expected 118 bytes of header from byte 10,"
                + " found the end of the file at byte 60");

        Path cut = Files.write(dir.resolve("d.npy"), Arrays.copyOf(whole, 200));
        NpyFormatException data = refused(cut);
        assertThat(data.offset()).isEqualTo(200);
        assertThat(data.problem()).isEqualTo("truncated .npy file: expected 96 bytes of data (shape [3, 2, 2, 2] of '<f4')"
                + " from byte 128, found 72 (the file ends at byte 200)");
        assertThat(data.getMessage()).contains(cut.toString()).contains("re-copy");
    }

    @Test
    void unsupportedDtypesListTheSupportedOnes() throws IOException {
        NpyFormatException complex = refused(NpyBytes.write(dir, "c.npy", NpyBytes.dict("<c8", "(1,)"), new byte[8]));
        assertThat(complex.offset()).as("the descr value starts at header character 10").isEqualTo(10 + 10);
        assertThat(complex.problem()).startsWith("unsupported .npy dtype: expected one of '<f2', '<f4', '<f8', '|u1',"
                + " '|i1', '<i4', '<i8', '|b1' (and the big-endian '>' forms), found a complex array ('<c8')");

        NpyFormatException object = refused(fixture("object.npy"));
        assertThat(object.problem()).contains("found an object array").contains("'|O'");
        assertThat(object.hint()).contains("np.asarray(x, dtype=np.float32)");

        assertThat(refused(NpyBytes.write(dir, "s.npy", NpyBytes.dict("<U3", "(1,)"), new byte[12])).problem())
                .contains("a string array ('<U3')");
        assertThat(refused(NpyBytes.write(dir, "u.npy", NpyBytes.dict("<u4", "(1,)"), new byte[4])).problem())
                .contains("found the type '<u4'");
        NpyFormatException record = refused(NpyBytes.write(dir, "r.npy",
                "{'descr': [('x', '<f4'), ('y', '<i8')], 'fortran_order': False, 'shape': (1,), }", new byte[12]));
        assertThat(record.problem()).contains("structured (record) dtype a list of 2");
    }

    @Test
    void fortranOrderIsRefusedWhenItChangesTheLayout() throws IOException {
        Path f = fixture("f4_fortran_2x3.npy");
        NpyFormatException e = refused(f);
        String header = new String(Files.readAllBytes(f), 10, 118, StandardCharsets.ISO_8859_1);
        assertThat(e.offset()).isEqualTo(10 + header.indexOf("True"));
        assertThat(e.problem()).contains("expected C (row-major) order, found 'fortran_order': True for the shape [2, 3]");
        assertThat(e.hint()).contains("np.ascontiguousarray");

        // one dimension above 1: the bytes are the same in both orders, so it is read
        Path col = NpyBytes.write(dir, "col.npy", "{'descr': '<f4', 'fortran_order': True, 'shape': (3, 1), }",
                NpyBytes.floats(1, 2, 3));
        try (NpyFile ok = NpyFile.open(col)) {
            float[] v = new float[1];
            ok.readSample(2, v, 0);
            assertThat(v[0]).isEqualTo(3f);
        }
    }

    @Test
    void implausibleHeaders() throws IOException {
        byte[] big = NpyBytes.npy(2, NpyBytes.dict("<f4", "(1,)"), NpyBytes.floats(1));
        big[8] = 0;
        big[9] = 0;
        big[10] = 0x20; // 2 MiB
        NpyFormatException e = refused(Files.write(dir.resolve("big.npy"), big));
        assertThat(e.offset()).isEqualTo(8);
        assertThat(e.problem()).contains("found 2097152");

        NpyFormatException huge = refused(NpyBytes.write(dir, "o.npy", NpyBytes.dict("<f4", "(4611686018427387904, 4)"), new byte[0]));
        assertThat(huge.problem()).contains("holds more than 2^63 bytes");

        byte[] badUtf8 = NpyBytes.npy(3, NpyBytes.dict("<f4", "(1,)"), NpyBytes.floats(1));
        badUtf8[14] = (byte) 0xff;
        NpyFormatException utf8 = refused(Files.write(dir.resolve("u.npy"), badUtf8));
        assertThat(utf8.offset()).isEqualTo(12);
        assertThat(utf8.problem()).contains("expected UTF-8 text");
    }
}
