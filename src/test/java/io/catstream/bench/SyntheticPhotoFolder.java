package io.catstream.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * Writes N synthetic JPEG "photos" (160×120, random ellipses on a noisy background; cats get a warm blob) into
 * {@code DIR/cats} and {@code DIR/random_images}, half each, seeded: the data for {@code bench/train-memory.sh},
 * which needs many more images than the shared photos hold (and must never use the holdout).
 * Usage: {@code SyntheticPhotoFolder N DIR}.
 */
public final class SyntheticPhotoFolder {

    private SyntheticPhotoFolder() {
    }

    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        Files.createDirectories(dir.resolve("cats"));
        Files.createDirectories(dir.resolve("random_images"));
        IntStream.range(0, n).parallel().forEach(i -> write(dir, i));
        System.out.println("wrote " + n + " images to " + dir);
    }

    private static void write(Path dir, int i) {
        Random random = new Random(i * 31L + 7);
        boolean cat = i % 2 == 0;
        BufferedImage image = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 160; x++) {
                int v = 60 + random.nextInt(80);
                image.setRGB(x, y, v << 16 | v << 8 | (v + random.nextInt(40)));
            }
        }
        Graphics2D g = image.createGraphics();
        for (int k = 0; k < 4; k++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
            g.fillOval(random.nextInt(140), random.nextInt(100), 10 + random.nextInt(50), 10 + random.nextInt(40));
        }
        if (cat) {
            g.setColor(new Color(200 + random.nextInt(56), 120 + random.nextInt(60), 40));
            g.fillOval(40 + random.nextInt(60), 30 + random.nextInt(40), 50, 45);
        }
        g.dispose();
        Path file = dir.resolve(cat ? "cats" : "random_images").resolve(String.format("synthetic%07d.jpg", i));
        try {
            ImageIO.write(image, "jpeg", file.toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
