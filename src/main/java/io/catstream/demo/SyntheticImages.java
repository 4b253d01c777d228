package io.catstream.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A small labelled image set drawn in memory with Java2D, for a demo without photos (catstream ships none). Cats are
 * a face disc with two triangular ears, eyes with slit pupils, a nose and whiskers, in varied warm colours, sizes and
 * positions; non-cats are random rectangles, circles and stripes in any colour (some of them warm discs too, so
 * colour alone does not give the answer). PNG bytes, seeded: the same seed gives the same bytes.
 */
public final class SyntheticImages {

    private static final Color[] FUR = {
        new Color(0xE0, 0x8A, 0x2E), new Color(0xC8, 0x6B, 0x1E), new Color(0xF2, 0xB2, 0x66), new Color(0x9C, 0x5B, 0x2C),
        new Color(0xE8, 0xD2, 0xB0), new Color(0xB5, 0x7B, 0x45), new Color(0xD9, 0x9A, 0x5B), new Color(0x7A, 0x4A, 0x26),
    };

    private SyntheticImages() {
    }

    /** {@code count} images of {@code size} × {@code size}, cats and non-cats alternating (the first is a cat). */
    public static List<DemoImage> generate(int count, int size, long seed) {
        if (count < 2 || size < 16 || size > 512) {
            throw new IllegalArgumentException("need at least 2 images of 16 to 512 pixels, got " + count + " of " + size);
        }
        Random random = new Random(seed);
        List<DemoImage> images = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean cat = i % 2 == 0;
            BufferedImage image = cat ? cat(size, random) : other(size, random);
            String id = String.format(Locale.ROOT, "synthetic/%s/%s-%04d.png", cat ? "cats" : "random_images",
                    cat ? "cat" : "other", i / 2 + 1);
            images.add(new DemoImage(id, cat, png(image)));
        }
        return images;
    }

    private static BufferedImage cat(int size, Random r) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image, r);
        double s = size / 64.0;
        double radius = (13 + r.nextInt(9)) * s;
        double cx = size / 2.0 + (r.nextDouble() - 0.5) * (size - 2.4 * radius) * 0.6;
        double cy = size / 2.0 + 4 * s + (r.nextDouble() - 0.5) * (size - 2.6 * radius) * 0.5;
        Color fur = jitter(FUR[r.nextInt(FUR.length)], r, 18);
        g.setColor(fur);
        for (int side = -1; side <= 1; side += 2) { // ears: triangles on the upper rim
            double baseX = cx + side * radius * 0.55;
            double tipX = cx + side * radius * (0.75 + 0.25 * r.nextDouble());
            double tipY = cy - radius * (1.45 + 0.3 * r.nextDouble());
            Polygon ear = new Polygon();
            ear.addPoint((int) Math.round(baseX - radius * 0.45), (int) Math.round(cy - radius * 0.55));
            ear.addPoint((int) Math.round(baseX + radius * 0.45), (int) Math.round(cy - radius * 0.55));
            ear.addPoint((int) Math.round(tipX), (int) Math.round(tipY));
            g.fillPolygon(ear);
        }
        g.fill(new Ellipse2D.Double(cx - radius, cy - radius, 2 * radius, 2 * radius));
        Color iris = r.nextBoolean() ? new Color(0x6F, 0xB5, 0x3A) : new Color(0xE8, 0xC5, 0x2A);
        double eyeDx = radius * 0.42;
        double eyeY = cy - radius * 0.15;
        double eyeW = radius * 0.38;
        double eyeH = radius * 0.3;
        for (int side = -1; side <= 1; side += 2) {
            double ex = cx + side * eyeDx;
            g.setColor(iris);
            g.fill(new Ellipse2D.Double(ex - eyeW / 2, eyeY - eyeH / 2, eyeW, eyeH));
            g.setColor(Color.BLACK);
            g.fill(new Ellipse2D.Double(ex - eyeW * 0.12, eyeY - eyeH / 2, eyeW * 0.24, eyeH));
        }
        g.setColor(new Color(0xE5, 0x7A, 0x8A));
        Polygon nose = new Polygon();
        nose.addPoint((int) Math.round(cx - radius * 0.12), (int) Math.round(cy + radius * 0.2));
        nose.addPoint((int) Math.round(cx + radius * 0.12), (int) Math.round(cy + radius * 0.2));
        nose.addPoint((int) Math.round(cx), (int) Math.round(cy + radius * 0.34));
        g.fillPolygon(nose);
        g.setColor(new Color(40, 30, 20));
        g.setStroke(new BasicStroke((float) Math.max(1, s * 0.8)));
        for (int side = -1; side <= 1; side += 2) {
            for (int k = -1; k <= 1; k++) {
                g.drawLine((int) Math.round(cx + side * radius * 0.2), (int) Math.round(cy + radius * 0.35),
                        (int) Math.round(cx + side * radius * 1.05), (int) Math.round(cy + radius * (0.3 + 0.15 * k)));
            }
        }
        g.dispose();
        return image;
    }

    private static BufferedImage other(int size, Random r) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image, r);
        int shapes = 2 + r.nextInt(5);
        for (int k = 0; k < shapes; k++) {
            // one shape in four is a warm disc or rectangle, so colour is not the answer
            g.setColor(r.nextInt(4) == 0 ? jitter(FUR[r.nextInt(FUR.length)], r, 18) : randomColor(r));
            int w = size / 8 + r.nextInt(size / 2);
            int h = size / 8 + r.nextInt(size / 2);
            int x = r.nextInt(size) - w / 3;
            int y = r.nextInt(size) - h / 3;
            switch (r.nextInt(3)) {
                case 0 -> g.fillRect(x, y, w, h);
                case 1 -> g.fill(new Ellipse2D.Double(x, y, w, w));
                default -> {
                    int stripe = Math.max(2, size / 16 + r.nextInt(size / 10));
                    boolean vertical = r.nextBoolean();
                    for (int p = 0; p < size; p += 2 * stripe) {
                        if (vertical) {
                            g.fillRect(p, y, stripe, h);
                        } else {
                            g.fillRect(x, p, w, stripe);
                        }
                    }
                }
            }
        }
        g.dispose();
        return image;
    }

    /** A plain background with a soft gradient; antialiasing on. */
    private static Graphics2D canvas(BufferedImage image, Random r) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Color top = randomColor(r).brighter();
        Color bottom = jitter(top, r, 40).darker();
        g.setPaint(new java.awt.GradientPaint(0, 0, top, 0, image.getHeight(), bottom));
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        return g;
    }

    private static Color randomColor(Random r) {
        return new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256));
    }

    private static Color jitter(Color c, Random r, int amount) {
        return new Color(clamp(c.getRed() + r.nextInt(2 * amount + 1) - amount),
                clamp(c.getGreen() + r.nextInt(2 * amount + 1) - amount), clamp(c.getBlue() + r.nextInt(2 * amount + 1) - amount));
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a PNG in memory: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
