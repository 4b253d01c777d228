package io.catstream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package rules of catstream's main code, checked on its bytecode: no cycles, which package may depend on
 * which, and a scorer that knows nothing of whoever watches it. Each package's {@code package-info.java} says the
 * same in prose. A new dependency between packages is a design decision: make it here and there, pointing down the
 * image's path (kernels → networks → model file → registry → scorer → web view → wiring → commands), never up.
 */
@AnalyzeClasses(packages = "io.catstream", importOptions = {ImportOption.DoNotIncludeTests.class,
        ImportOption.DoNotIncludeJars.class})
class ArchitectureRulesTest {

    @ArchTest
    static final ArchRule topLevelPackagesHaveNoCycles = slices().matching("io.catstream.(*)..").should().beFreeOfCycles()
            .as("no cycles between catstream's top-level packages (a sub-package counts with its parent)");

    @ArchTest
    static final ArchRule packagesHaveNoCycles = slices().matching("io.catstream.(**)").should().beFreeOfCycles()
            .as("no cycles between any two catstream packages, sub-packages included");

    /**
     * Each package and the packages it may use; the table is today's tree, as the bytecode has it (the web view
     * reaches {@code nn} and {@code nn.layered} through the model's shape and architecture without importing them).
     * {@code ensureAllClassesAreContainedInArchitecture} makes a new package fail here until it is given its place.
     */
    @ArchTest
    static final ArchRule packagesDependOnlyOnTheirAllowedPackages = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .ensureAllClassesAreContainedInArchitecture()
            .layer("linalg").definedBy("io.catstream.linalg")
            .layer("numpy").definedBy("io.catstream.numpy")
            .layer("kafka").definedBy("io.catstream.kafka")
            .layer("metrics").definedBy("io.catstream.metrics")
            .layer("gate").definedBy("io.catstream.gate")
            .layer("image").definedBy("io.catstream.image")
            .layer("nn").definedBy("io.catstream.nn")
            .layer("nn.layered").definedBy("io.catstream.nn.layered")
            .layer("onnx").definedBy("io.catstream.onnx")
            .layer("model").definedBy("io.catstream.model")
            .layer("registry").definedBy("io.catstream.registry")
            .layer("train").definedBy("io.catstream.train..")
            .layer("stream").definedBy("io.catstream.stream")
            .layer("dataset").definedBy("io.catstream.dataset")
            .layer("backtest").definedBy("io.catstream.backtest")
            .layer("web").definedBy("io.catstream.web")
            .layer("serve").definedBy("io.catstream.serve")
            .layer("send").definedBy("io.catstream.send")
            .layer("demo").definedBy("io.catstream.demo")
            .layer("cli").definedBy("io.catstream.cli")
            .whereLayer("linalg").mayNotAccessAnyLayer()
            .whereLayer("numpy").mayNotAccessAnyLayer()
            .whereLayer("kafka").mayNotAccessAnyLayer()
            .whereLayer("metrics").mayOnlyAccessLayers("model")
            .whereLayer("gate").mayNotAccessAnyLayer()
            .whereLayer("image").mayOnlyAccessLayers("linalg")
            .whereLayer("nn").mayOnlyAccessLayers("linalg", "numpy")
            .whereLayer("nn.layered").mayOnlyAccessLayers("linalg", "numpy", "nn")
            .whereLayer("onnx").mayOnlyAccessLayers("image", "nn", "nn.layered")
            .whereLayer("model").mayOnlyAccessLayers("image", "nn", "nn.layered", "onnx")
            .whereLayer("registry").mayOnlyAccessLayers("kafka", "model", "gate")
            .whereLayer("train").mayOnlyAccessLayers("linalg", "numpy", "image", "nn", "nn.layered", "model")
            .whereLayer("stream").mayOnlyAccessLayers("kafka", "metrics", "image", "nn", "nn.layered", "model", "registry", "gate")
            .whereLayer("dataset").mayOnlyAccessLayers("kafka", "image", "model", "train", "stream")
            .whereLayer("backtest").mayOnlyAccessLayers("kafka", "image", "nn.layered", "model", "registry", "gate", "train",
                    "stream", "dataset")
            .whereLayer("web").mayOnlyAccessLayers("metrics", "image", "nn", "nn.layered", "model", "registry", "stream")
            .whereLayer("serve").mayOnlyAccessLayers("kafka", "metrics", "image", "model", "registry", "stream", "web")
            .whereLayer("send").mayOnlyAccessLayers("kafka", "train", "stream")
            .whereLayer("demo").mayOnlyAccessLayers("kafka", "metrics", "image", "nn", "nn.layered", "model", "registry",
                    "gate", "train", "stream", "web", "serve", "send")
            .whereLayer("demo").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("cli").mayNotBeAccessedByAnyLayer();

    /**
     * The scorer's per-image path reports to {@code stream.ScoreListener}s and knows none of them: not even through
     * another package may it reach the web view, the wiring, the producer, the demo or the commands.
     */
    @ArchTest
    static final ArchRule scorerHotPathDoesNotReachTheWebViewOrTheWiring = noClasses()
            .that().resideInAPackage("io.catstream.stream..")
            .should().transitivelyDependOnClassesThat()
            .resideInAnyPackage("io.catstream.web..", "io.catstream.serve..", "io.catstream.send..", "io.catstream.demo..",
                    "io.catstream.cli..");

}
