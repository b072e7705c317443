package io.quant4j.data.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The header dict as a restricted Python literal: what is accepted, and where a bad one fails. */
class NpyHeaderTest {
    @TempDir
    Path dir;

    private long[] shapeOf(String header, int major) throws IOException {
        Path f = Files.write(dir.resolve("h.npy"), NpyBytes.npy(major, header, NpyBytes.floats(1, 2, 3, 4, 5, 6)));
        try (NpyFile npy = NpyFile.open(f)) {
            assertThat(npy.dtype()).isEqualTo(NpyDtype.FLOAT32);
            return npy.shape();
        }
    }

    /** The header-relative character index where {@code header} is refused, checking the offset is the byte offset. */
    private NpyFormatException refused(String header) throws IOException {
        Path f = NpyBytes.write(dir, "bad.npy", header, NpyBytes.floats(1, 2, 3, 4, 5, 6));
        NpyFormatException e = catchThrowableOfType(NpyFormatException.class, () -> NpyFile.open(f).close());
        assertThat(e).as("header %s", header).isNotNull();
        assertThat(e.file()).isEqualTo(f);
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
        "{'shape': (2, 3), 'fortran_order': False, 'descr': '<f4'}",
        "{\"descr\":\"<f4\",\"fortran_order\":False,\"shape\":(2,3)}",
        "  {\t'descr' : '<f4' ,\n 'fortran_order' : False , 'shape' : ( 2 , 3 , ) , }   \n",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 3L), }\n",
        "{'descr': '=f4', 'fortran_order': False, 'shape': (+2, 3)}",
    })
    void acceptsWhatNumpyAccepts(String header) throws IOException {
        assertThat(shapeOf(header, 1)).containsExactly(2, 3);
    }

    @Test
    void oneTuplesEmptyTuplesAndUtf8() throws IOException {
        assertThat(shapeOf("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", 1)).containsExactly(6);
        assertThat(shapeOf("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", 1)).isEmpty();
        assertThat(shapeOf("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 5), }", 1)).containsExactly(0, 5);
        assertThat(shapeOf("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", 3)).containsExactly(6);
    }

    @Test
    void offsetsCountUtf8Bytes() throws IOException {
        // version 3.0: 'é' is two bytes, so the value after it is one byte further than its character index
        String header = "{'é': 1, 'descr': '<f4', 'fortran_order': False, 'shape': (6,)}";
        Path f = Files.write(dir.resolve("u.npy"), NpyBytes.npy(3, header, NpyBytes.floats(1, 2, 3, 4, 5, 6)));
        NpyFormatException e = catchThrowableOfType(NpyFormatException.class, () -> NpyFile.open(f).close());
        assertThat(e.problem()).contains("found also 'é'");
        assertThat(e.offset()).isEqualTo(12 + header.indexOf(": 1") + 2 + 1);
    }

    @Test
    void keys() throws IOException {
        String unknown = "{'descr': '<f4', 'fortran_order': False, 'shape': (6,), 'extra': 0}";
        NpyFormatException e = refused(unknown);
        assertThat(e.problem()).startsWith("malformed .npy header: expected the keys 'descr', 'fortran_order' and 'shape',"
                + " found also 'extra'");
        assertThat(e.offset()).isEqualTo(10 + unknown.indexOf("0}"));

        NpyFormatException missing = refused("{'descr': '<f4', 'shape': (6,)}");
        assertThat(missing.problem()).contains("found no 'fortran_order' in [descr, shape]");
        assertThat(missing.offset()).isEqualTo(10);

        String twice = "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (6,)}";
        NpyFormatException dup = refused(twice);
        assertThat(dup.problem()).contains("expected each key once, found 'descr' twice");
        assertThat(dup.offset()).isEqualTo(10 + twice.indexOf("'descr'", 2));
    }

    @Test
    void values() throws IOException {
        String list = "{'descr': '<f4', 'fortran_order': False, 'shape': [6]}";
        NpyFormatException e = refused(list);
        assertThat(e.problem()).contains("expected 'shape' to be a tuple of sizes such as (10, 3) or (5,), found a list of 1");
        assertThat(e.offset()).isEqualTo(10 + list.indexOf('['));

        assertThat(refused("{'descr': '<f4', 'fortran_order': False, 'shape': (6)}").problem())
                .as("(6) is the integer 6 in Python").endsWith("or (5,), found 6");
        String negative = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3)}";
        NpyFormatException neg = refused(negative);
        assertThat(neg.problem()).contains("expected dimension 1 of 'shape' to be a size >= 0, found -3");
        assertThat(neg.offset()).isEqualTo(10 + negative.indexOf("-3"));
        assertThat(refused("{'descr': '<f4', 'fortran_order': False, 'shape': (2.0, 3)}").problem())
                .contains("expected an integer, found a floating-point number");
        assertThat(refused("{'descr': '<f4', 'fortran_order': 'no', 'shape': (6,)}").problem())
                .contains("expected 'fortran_order' True or False, found 'no'");
        assertThat(refused("{'descr': '<f4', 'fortran_order': false, 'shape': (6,)}").problem())
                .contains("found 'false'");
        assertThat(refused("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}").problem())
                .contains("expected an integer that fits 64 bits, found 99999999999999999999");
    }

    @Test
    void syntax() throws IOException {
        String unterminated = "{'descr': '<f4, 'fortran_order': False, 'shape': (6,)}\n";
        NpyFormatException e = refused(unterminated);
        assertThat(e.problem()).contains("expected ',' or '}' after the value of 'descr', found 'f'");

        String open = "{'descr': '<f4', 'fortran_order': False, 'shape': (6,)\n";
        NpyFormatException end = refused(open);
        assertThat(end.problem()).contains("found the end of the header");
        assertThat(end.offset()).isEqualTo(10 + open.length());

        String after = "{'descr': '<f4', 'fortran_order': False, 'shape': (6,)} x\n";
        NpyFormatException trailing = refused(after);
        assertThat(trailing.problem()).contains("expected only spaces and a newline after the header dict, found 'x'");
        assertThat(trailing.offset()).isEqualTo(10 + after.indexOf('x'));

        assertThat(refused("descr: '<f4'").problem()).contains("expected '{' opening the header dict, found 'd'");
        assertThat(refused("{'descr' '<f4'}").problem()).contains("expected ':' after the key 'descr', found '''");
        assertThat(refused("{descr: '<f4'}").problem()).contains("expected a quoted key or '}', found 'd'");
        assertThat(refused("{'descr': '<f4\n', 'fortran_order': False, 'shape': (6,)}").problem())
                .contains("expected the closing ' of the string starting here, found the end of the line");
        assertThat(refused("{'descr': '<f4', 'fortran_order': False, 'shape': (6,)}\u0000").problem())
                .contains("found byte 0x00");
    }
}
