package io.catstream.testsupport;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** A data folder a small network learns in a few steps: reddish 8×8 "cats" and bluish "non-cats", PNG. */
public final class ColouredImageFolder {

    private ColouredImageFolder() {
    }

    /** Writes {@code perClass} images into {@code data/cats} and {@code data/random_images}, seeded. */
    public static Path write(Path data, int perClass) {
        Random random = new Random(3);
        try {
            for (String folder : List.of("cats", "random_images")) {
                Files.createDirectories(data.resolve(folder));
                for (int i = 0; i < perClass; i++) {
                    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < 8; y++) {
                        for (int x = 0; x < 8; x++) {
                            int noise = random.nextInt(60);
                            image.setRGB(x, y, folder.equals("cats") ? new Color(180 + noise, 40, 40).getRGB()
                                    : new Color(40, 40, 180 + noise).getRGB());
                        }
                    }
                    ImageIO.write(image, "png", data.resolve(folder).resolve("img" + i + ".png").toFile());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return data;
    }
}
