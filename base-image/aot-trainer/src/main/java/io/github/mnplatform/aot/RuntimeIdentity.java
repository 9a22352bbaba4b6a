package io.github.mnplatform.aot;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Prints what an AOT cache is bound to besides its class path: the JVM build (the JVM refuses a
 * cache written by another) and the runtime image's modules. scripts/build-base.sh keys the
 * caches it keeps on this, with the jar list and the trainer: a base of the same jars on the
 * same runtime reuses its caches whatever its version or image name, and any other runtime
 * trains anew.
 *
 * <p>Run in the base image as {@code java -cp aot-trainer.jar io.github.mnplatform.aot.RuntimeIdentity}.
 */
public final class RuntimeIdentity {

    private static final List<String> PROPERTIES = List.of("java.vm.vendor", "java.vm.name", "java.vm.version",
            "java.vm.info", "java.runtime.version", "java.vendor.version", "os.arch");

    private RuntimeIdentity() {
    }

    public static void main(String[] args) throws IOException {
        System.out.print(describe());
    }

    static String describe() throws IOException {
        StringBuilder text = new StringBuilder();
        for (String property : PROPERTIES) {
            text.append(property).append('=').append(System.getProperty(property, "")).append('\n');
        }
        Path modules = Path.of(System.getProperty("java.home"), "lib", "modules");
        text.append("lib/modules bytes=").append(Files.exists(modules) ? Files.size(modules) : -1).append('\n');
        ModuleFinder.ofSystem().findAll().stream()
                .map(ModuleReference::descriptor)
                .sorted(Comparator.comparing(descriptor -> descriptor.name()))
                .forEach(descriptor -> text.append("module ").append(descriptor.toNameAndVersion()).append('\n'));
        return text.toString();
    }
}
