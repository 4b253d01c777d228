package io.catstream.image;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Asks Pillow itself (Debian's {@code /usr/bin/python3} with python3-pil) for the expected bytes
 * of {@code Image.open(f).convert("RGB").resize((w, h), Image.BILINEAR)}, the reference's
 * {@code load_images} step. One Python process answers a whole batch, to stay cheap.
 */
final class PillowOracle {

    static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final String SCRIPT = String.join("\n",
            "import sys",
            "from PIL import Image",
            "for line in sys.stdin:",
            "    src, w, h, dst = line.rstrip('\\n').split('\\t')",
            "    with Image.open(src) as im:",
            "        out = im.convert('RGB').resize((int(w), int(h)), Image.BILINEAR)",
            "    with open(dst, 'wb') as f:",
            "        f.write(out.tobytes())",
            "");

    private static Boolean available;

    record Request(Path image, int width, int height) {
    }

    private PillowOracle() {
    }

    /** Skips the calling test when Python or Pillow is missing. */
    static synchronized void assumeAvailable() {
        if (available == null) {
            available = probe();
        }
        assumeTrue(available, PYTHON + " with Pillow (apt-get install python3-pil) is needed"
                + " to compare against the reference");
    }

    /** Pillow's RGB bytes for each request, in order. */
    static List<byte[]> resize(List<Request> requests, Path workDir) throws IOException, InterruptedException {
        StringBuilder input = new StringBuilder();
        List<Path> outputs = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            Path out = workDir.resolve("pillow-" + i + ".rgb");
            outputs.add(out);
            input.append(r.image().toAbsolutePath()).append('\t').append(r.width()).append('\t')
                    .append(r.height()).append('\t').append(out.toAbsolutePath()).append('\n');
        }
        Process python = new ProcessBuilder(PYTHON.toString(), "-c", SCRIPT)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("pillow.log").toFile())
                .start();
        try (OutputStream stdin = python.getOutputStream()) {
            stdin.write(input.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (!python.waitFor(120, TimeUnit.SECONDS)) {
            python.destroyForcibly();
            throw new IllegalStateException("Pillow did not finish within 120 s");
        }
        if (python.exitValue() != 0) {
            throw new IllegalStateException("Pillow failed: "
                    + Files.readString(workDir.resolve("pillow.log")));
        }
        List<byte[]> result = new ArrayList<>();
        for (Path out : outputs) {
            result.add(Files.readAllBytes(out));
        }
        return result;
    }

    static byte[] resize(Path image, int width, int height, Path workDir) throws IOException, InterruptedException {
        return resize(List.of(new Request(image, width, height)), workDir).get(0);
    }

    private static final String UPRIGHT_SCRIPT = String.join("\n",
            "import sys",
            "from PIL import Image, ImageOps",
            "with Image.open(sys.argv[1]) as im:",
            "    out = ImageOps.exif_transpose(im).convert('RGB')",
            "with open(sys.argv[2], 'wb') as f:",
            "    f.write(out.tobytes())",
            "print(out.size[0], out.size[1])",
            "");

    /** Pillow's {@code ImageOps.exif_transpose(Image.open(f)).convert("RGB")}, at full size. */
    static RgbImage upright(Path image, Path workDir) throws IOException, InterruptedException {
        Path out = workDir.resolve("pillow-upright.rgb");
        Process python = new ProcessBuilder(PYTHON.toString(), "-c", UPRIGHT_SCRIPT,
                image.toAbsolutePath().toString(), out.toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        String printed = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!python.waitFor(60, TimeUnit.SECONDS) || python.exitValue() != 0) {
            throw new IllegalStateException("Pillow failed: " + printed);
        }
        String[] size = printed.split(" ");
        return new RgbImage(Integer.parseInt(size[0]), Integer.parseInt(size[1]), Files.readAllBytes(out));
    }

    private static boolean probe() {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import PIL")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
