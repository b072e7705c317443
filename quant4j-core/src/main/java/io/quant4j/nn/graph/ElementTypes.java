package io.quant4j.nn.graph;

/**
 * ONNX tensor element types ({@code TensorProto.DataType}) by number, the one table the importer,
 * the host constant ops and the placements read.
 */
public final class ElementTypes {
    private ElementTypes() {}

    public static final int FLOAT = 1;
    public static final int UINT8 = 2;
    public static final int INT8 = 3;
    public static final int UINT16 = 4;
    public static final int INT16 = 5;
    public static final int INT32 = 6;
    public static final int INT64 = 7;
    public static final int BOOL = 9;
    public static final int FLOAT16 = 10;
    public static final int DOUBLE = 11;
    public static final int UINT32 = 12;
    public static final int UINT64 = 13;
    public static final int BFLOAT16 = 16;

    /** Whether the type is floating point: FLOAT, FLOAT16, DOUBLE or BFLOAT16. */
    public static boolean isFloat(long type) {
        return type == FLOAT || type == FLOAT16 || type == DOUBLE || type == BFLOAT16;
    }
}
