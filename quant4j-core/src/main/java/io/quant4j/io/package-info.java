/**
 * File formats and safe file writing: safetensors (the state-dict format of the model hubs) and
 * atomic writes (temp file, then rename: a reader never sees a half-written file; the result gets the
 * permissions of any new file of the process, i.e. the umask's).
 */
package io.quant4j.io;
