package io.catstream.cli;

import io.catstream.model.InvalidModelException;
import io.catstream.model.ModelCodec;
import io.catstream.model.ModelInspection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code catstream show-model}: the header of a model file and whether it can be used. */
@Command(name = "show-model", mixinStandardHelpOptions = true,
        description = "Print a model file's header as JSON, its recomputed checksum and whether it is usable "
                + "(exit code 2 if it is not).")
final class ShowModelCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file to show.")
    Path model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        byte[] bytes = ModelFiles.readBytes(model, "--model");
        ModelInspection inspection;
        try {
            inspection = ModelCodec.inspect(bytes);
        } catch (InvalidModelException e) {
            throw ModelFiles.refused(model, "--model", e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(inspection.headerSummary());
        if (inspection.model() != null) {
            out.println(ModelDescription.lines(inspection.model()));
        }
        out.println("file: " + model + ", " + bytes.length + " bytes, format version " + inspection.formatVersion());
        out.println("checksum: " + (inspection.checksumMatches() ? "ok" : "MISMATCH") + " (sha256 of "
                + inspection.parameterBytes() + " parameter bytes: " + inspection.actualSha256() + ")");
        if (inspection.valid()) {
            out.println("status: usable");
            return 0;
        }
        out.println("status: refused, " + inspection.problem().reason().code());
        throw ModelFiles.refused(model, "--model", inspection.problem());
    }
}
