package io.catstream.cli;

import io.catstream.model.ModelArtifact;
import io.catstream.onnx.OnnxExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code catstream export-onnx}: a catstream model as a standard ONNX file (opset 13), docs/onnx.md. */
@Command(name = "export-onnx", mixinStandardHelpOptions = true,
        description = {"Write a catstream model (the article's network or a layered CNN) as an ONNX file, opset 13, float32.",
            "Input 'image' [batch, 3, S, S] NCHW RGB in [0, 1] (standardisation inside the graph); output 'p_cat' [batch, 1].",
            "An imported ONNX model is written back as the ONNX bytes it was imported from."})
final class ExportOnnxCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A catstream model file.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "F.onnx", description = "ONNX file to write (replaced if it exists).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ModelArtifact artifact = ModelFiles.read(model, "--model");
        byte[] onnx = artifact.isOnnx() ? artifact.onnx().bytes()
                : OnnxExport.of(artifact.architecture(), artifact.arrays(), artifact.input().imageSize(),
                        artifact.input().standardisation(), producerVersion());
        ModelFiles.requireParentDirectory(out, "--out");
        try {
            Files.write(out, onnx);
        } catch (IOException e) {
            throw new UserError("cannot write --out " + out + ": " + e.getMessage(), e);
        }
        int size = artifact.input().imageSize();
        spec.commandLine().getOut().println("wrote " + out + ": " + onnx.length + " bytes, model '" + artifact.name() + "' ("
                + artifact.describeNetwork() + ")" + System.lineSeparator() + (artifact.isOnnx() ? "" : "back into catstream: "
                + "catstream import-onnx --onnx " + out + " --image-size " + size + " --layout nchw --output sigmoid --out M"));
        return 0;
    }

    private static String producerVersion() {
        return Objects.requireNonNullElse(ExportOnnxCommand.class.getPackage().getImplementationVersion(), "dev");
    }
}
