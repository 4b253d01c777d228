package io.catstream.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encoded bytes to a {@link BufferedImage} of the first frame, refusing oversized canvases from
 * the header before any pixel is decoded, and truncated data even where ImageIO would quietly
 * fill the missing part with grey.
 *
 * <p>Truncation is detected three ways, because no single one covers every reader:
 * <ol>
 *   <li>a decoder exception whose causes include an {@link EOFException};</li>
 *   <li>a read warning about a premature end: the JPEG decoder (libjpeg behind TwelveMonkeys)
 *       does not fail on a cut file, it warns "Premature end of JPEG file" and pads the image
 *       with grey;</li>
 *   <li>a structural check of the end of the file: a PNG must reach its IEND chunk, a JPEG
 *       must contain an EOI marker after its last scan, a GIF must hold its whole first image
 *       (the JDK reports a cut GIF as a generic I/O error). Bytes after EOI/IEND are allowed
 *       (some encoders pad), as Pillow allows them. Pillow, like us, refuses truncated files
 *       (without {@code LOAD_TRUNCATED_IMAGES}). BMP needs none: its reader hits an EOF.</li>
 * </ol>
 *
 * <p>GIF: we decode the first frame at its own size. Pillow pastes it onto the logical screen;
 * for the rare GIF whose first frame is smaller than its screen the two differ. The limits are
 * checked against both sizes.
 *
 * <p>A "Premature end of data segment" warning also fires for a JPEG whose scan is cut and then
 * closed by an EOI; Pillow would decode that with grey padding, we refuse it as truncated.
 *
 * <p>Speed: a JPEG whose reader would produce {@code TYPE_3BYTE_BGR} (every YCbCr photo) is decoded into an
 * sRGB image with bytes in R, G, B order instead. The samples are the same; the reader's per-scanline copy becomes
 * an array copy (it copies sample by sample when the band orders differ), and {@link RgbConverter} can take the
 * array as it is. Any other JPEG type (grey, CMYK, an embedded ICC profile) keeps the reader's own choice.
 */
final class ImageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);

    static {
        // In-memory bytes only: no temp files per image, no disk I/O on the scoring path.
        ImageIO.setUseCache(false);
    }

    private ImageDecoder() {
    }

    /** Decodes the first frame of {@code bytes}, whose format was sniffed as {@code format}. */
    static BufferedImage decodeFirstFrame(byte[] bytes, ImageFormat format, ImageLimits limits) {
        return decodeFirstFrame(bytes, format, limits, true);
    }

    /** {@code rgbOrder = false}: always the reader's own image type (the baseline of the benchmarks). */
    static BufferedImage decodeFirstFrame(byte[] bytes, ImageFormat format, ImageLimits limits, boolean rgbOrder) {
        checkDeclaredDimensions(bytes, format, limits);
        checkCompleteStructure(bytes, format);
        ImageReader reader = readerFor(format);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(input, true, false);
            // Header only: the decompression-bomb check happens before any pixel is allocated.
            limits.checkDimensions(reader.getWidth(0), reader.getHeight(0));
            ImageReadParam param = reader.getDefaultReadParam();
            if (rgbOrder && format == ImageFormat.JPEG && defaultsToBgrBytes(reader)) {
                param.setDestination(rgbBytes(reader.getWidth(0), reader.getHeight(0)));
            }
            BufferedImage image = reader.read(0, param);
            rejectIfWarnedAboutTruncation(warnings, format);
            if (!warnings.isEmpty()) {
                LOG.debug("{} decoded with warnings: {}", format, warnings);
            }
            return image;
        } catch (ImageRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Decoders signal bad data with anything from IIOException to
            // ArrayIndexOutOfBoundsException; none of it may escape as anything but a rejection.
            throw rejectionFor(e, format);
        } finally {
            reader.dispose();
        }
    }

    private static boolean defaultsToBgrBytes(ImageReader reader) throws IOException {
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        return types.hasNext() && types.next().getBufferedImageType() == BufferedImage.TYPE_3BYTE_BGR;
    }

    /** An 8-bit sRGB image whose array is {@link RgbImage}'s layout: R, G, B per pixel, rows back to back. */
    static BufferedImage rgbBytes(int width, int height) {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 3 * width, 3,
                new int[] {0, 1, 2}, null);
        return new BufferedImage(model, raster, false, null);
    }

    private static ImageReader readerFor(ImageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + format + " on the class path");
        }
        ImageReader reader = readers.next();
        LOG.trace("decoding {} with {}", format, reader.getClass().getName());
        return reader;
    }

    /**
     * Our own reading of the fixed-position header fields, before ImageIO: some readers refuse a
     * huge canvas with a generic exception (the JDK's BMP and PNG readers check the header's
     * consistency first, which would read as CORRUPT), and a GIF's frame can be smaller than its
     * logical screen, which is what Pillow allocates.
     */
    private static void checkDeclaredDimensions(byte[] b, ImageFormat format, ImageLimits limits) {
        long[] size = declaredSize(b, format);
        // Zero or missing sizes are left to the reader: some GIFs declare a 0x0 screen and work.
        if (size != null && size[0] > 0 && size[1] > 0) {
            limits.checkDimensions(size[0], size[1]);
        }
    }

    private static long[] declaredSize(byte[] b, ImageFormat format) {
        if (format == ImageFormat.PNG && b.length >= 24) {
            // signature (8), IHDR length (4), "IHDR" (4), width (4), height (4); big-endian
            return new long[] {u32BigEndian(b, 16), u32BigEndian(b, 20)};
        } else if (format == ImageFormat.GIF && b.length >= 10) {
            // "GIF89a", logical screen width and height, little-endian
            return new long[] {u16LittleEndian(b, 6), u16LittleEndian(b, 8)};
        } else if (format == ImageFormat.BMP && b.length >= 26) {
            // file header (14), DIB header size (4), then width and height, little-endian:
            // 16-bit in the 12-byte OS/2 core header, signed 32-bit (negative = top-down) after.
            boolean coreHeader = u16LittleEndian(b, 14) == 12;
            long width = coreHeader ? u16LittleEndian(b, 18) : s32LittleEndian(b, 18);
            long height = coreHeader ? u16LittleEndian(b, 20) : Math.abs((long) s32LittleEndian(b, 22));
            return new long[] {width, height};
        }
        return null;
    }

    private static int u16LittleEndian(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int s32LittleEndian(byte[] b, int at) {
        return u16LittleEndian(b, at) | u16LittleEndian(b, at + 2) << 16;
    }

    private static void checkCompleteStructure(byte[] bytes, ImageFormat format) {
        if (format == ImageFormat.PNG) {
            checkPngReachesIend(bytes);
        } else if (format == ImageFormat.JPEG && !JpegStructure.hasEndOfImage(bytes)) {
            throw new ImageRejectedException(RejectReason.TRUNCATED,
                    "JPEG of " + bytes.length + " bytes ends without its end-of-image marker");
        } else if (format == ImageFormat.GIF && !GifStructure.hasCompleteFirstFrame(bytes)) {
            throw new ImageRejectedException(RejectReason.TRUNCATED,
                    "GIF of " + bytes.length + " bytes ends inside its first image");
        } else if (format == ImageFormat.BMP) {
            checkBmpPayload(bytes);
        }
    }

    /**
     * The JDK's BMP reader allocates the header's image size for RLE data, and hands a JPEG or PNG payload
     * (compression 4, 5) to another reader that decodes it at its own size: a 100-byte file could claim
     * gigabytes either way (found by fuzzing). Refuse both before the reader runs; Pillow decodes neither
     * embedded format.
     */
    private static void checkBmpPayload(byte[] b) {
        if (b.length < 38 || u16LittleEndian(b, 14) == 12) {
            return; // too short for a BITMAPINFOHEADER (the reader reports it), or the OS/2 core header: no compression
        }
        long compression = s32LittleEndian(b, 30) & 0xFFFF_FFFFL;
        if (compression == 4 || compression == 5) {
            throw new ImageRejectedException(RejectReason.UNSUPPORTED_FORMAT, "BMP with an embedded "
                    + (compression == 4 ? "JPEG" : "PNG") + " (compression " + compression + ") is not supported");
        }
        long imageSize = s32LittleEndian(b, 34) & 0xFFFF_FFFFL;
        long dataOffset = Math.min(s32LittleEndian(b, 10) & 0xFFFF_FFFFL, b.length);
        if ((compression == 1 || compression == 2) && imageSize > b.length - dataOffset) {
            throw new ImageRejectedException(RejectReason.TRUNCATED, "BMP header says " + imageSize
                    + " bytes of RLE data, the file has " + (b.length - dataOffset) + " after the pixel offset");
        }
    }

    /** Walks the chunk list; running out of bytes before IEND means the file was cut. */
    private static void checkPngReachesIend(byte[] b) {
        long pos = 8;
        while (pos + 8 <= b.length) {
            long length = u32BigEndian(b, (int) pos);
            boolean iend = b[(int) pos + 4] == 'I' && b[(int) pos + 5] == 'E'
                    && b[(int) pos + 6] == 'N' && b[(int) pos + 7] == 'D';
            pos += 12 + length; // length, type, data, CRC
            if (iend) {
                if (pos > b.length) {
                    break;
                }
                return;
            }
        }
        throw new ImageRejectedException(RejectReason.TRUNCATED,
                "PNG of " + b.length + " bytes ends before its IEND chunk");
    }

    private static void rejectIfWarnedAboutTruncation(List<String> warnings, ImageFormat format) {
        for (String warning : warnings) {
            String lower = warning.toLowerCase(Locale.ROOT);
            if (lower.contains("premature end") || lower.contains("truncat")
                    || lower.contains("end of file") || lower.contains("eof")) {
                throw new ImageRejectedException(RejectReason.TRUNCATED,
                        format + " data ends early (decoder warning: " + warning + ")");
            }
        }
    }

    private static ImageRejectedException rejectionFor(Exception e, ImageFormat format) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException) {
                return new ImageRejectedException(RejectReason.TRUNCATED,
                        format + " data ends early: " + describe(e), e);
            }
        }
        return new ImageRejectedException(RejectReason.CORRUPT,
                format + " data cannot be decoded: " + describe(e), e);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }

    private static long u32BigEndian(byte[] b, int at) {
        return (long) (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16
                | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
