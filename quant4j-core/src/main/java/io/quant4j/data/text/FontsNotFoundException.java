package io.quant4j.data.text;

import io.quant4j.errors.Quant4jException;

/**
 * The DejaVu TrueType files the text renderer needs are missing or unreadable. The message names
 * the folder and the file, and says to install Debian's {@code fonts-dejavu-core} (or to point
 * {@code QUANT4J_FONTS} at a folder holding the files).
 */
public class FontsNotFoundException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    /**
     * @param problem what was expected and what was found
     * @param where the folder or file
     * @param cause the underlying exception, or null
     */
    public FontsNotFoundException(String problem, String where, Throwable cause) {
        super(problem, where, "Install the DejaVu fonts (Debian/Ubuntu: apt-get install fonts-dejavu-core), or set "
                + FontSet.FOLDER_ENV + " to a folder holding " + String.join(", ", FontSet.requiredFiles()) + ".", cause);
    }
}
