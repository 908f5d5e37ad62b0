// SPDX-License-Identifier: MIT
package org.fwpkclnt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loads the JNI library libfwpkclnt_jni.so (which needs libfwpkclnt.so.1). Order:
 * <ol>
 * <li>the system property {@code fwpkclnt.jni.path}: an absolute path to libfwpkclnt_jni.so;</li>
 * <li>{@code System.loadLibrary("fwpkclnt_jni")}: java.library.path / LD_LIBRARY_PATH;</li>
 * <li>the copies packed in the jar under {@code /native/linux-x86_64/}, extracted into a private
 * temporary directory (libfwpkclnt.so.1 first, so that the JNI library's dependency resolves).</li>
 * </ol>
 * Called by the static initializer of the SWIG JNI class, so every entry point loads it.
 */
public final class NativeLoader {
    private NativeLoader() {}

    private static boolean loaded;

    public static synchronized void load() {
        if (loaded) return;
        String explicit = System.getProperty("fwpkclnt.jni.path");
        if (explicit != null && !explicit.isEmpty()) {
            System.load(explicit);
            loaded = true;
            return;
        }
        UnsatisfiedLinkError first;
        try {
            System.loadLibrary("fwpkclnt_jni");
            loaded = true;
            return;
        } catch (UnsatisfiedLinkError e) {
            first = e;
        }
        try {
            if (extractFromJar()) {
                loaded = true;
                return;
            }
        } catch (IOException | UnsatisfiedLinkError e) {
            first.addSuppressed(e);
        }
        throw first;
    }

    private static boolean extractFromJar() throws IOException {
        String dir = "/native/linux-x86_64/";
        String[] libs = {"libfwpkclnt.so.1", "libfwpkclnt_jni.so"};
        if (NativeLoader.class.getResource(dir + libs[1]) == null) return false;
        Path tmp = Files.createTempDirectory("fwpkclnt-jni");
        tmp.toFile().deleteOnExit();
        for (String lib : libs) {
            try (InputStream in = NativeLoader.class.getResourceAsStream(dir + lib)) {
                if (in == null) continue; // libfwpkclnt.so.1 may come from the system instead
                Path out = tmp.resolve(lib);
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                out.toFile().deleteOnExit();
                System.load(out.toAbsolutePath().toString());
            }
        }
        return true;
    }
}
