/**
 * Image bytes to feature vectors: the one preprocessing path of the trainer and the scorer.
 *
 * <p>Entry point: {@link io.catstream.image.ImagePreprocessor}, configured by a
 * {@link io.catstream.image.PreprocessingContract} (stored in model files) and
 * {@link io.catstream.image.ImageLimits}. Bad bytes raise
 * {@link io.catstream.image.ImageRejectedException} with a
 * {@link io.catstream.image.RejectReason} whose {@code code()} is stable.
 *
 * <p>Where we knowingly differ from the NumPy reference ({@code Image.open(f).convert("RGB")
 * .resize((S, S), Image.BILINEAR)}):
 * <ul>
 *   <li>EXIF orientation of JPEGs is applied (the reference does not; our data sets were
 *       transposed when prepared, so they are unaffected);</li>
 *   <li>16-bit grey is scaled ({@code v >> 8}) where Pillow clips it to 255;</li>
 *   <li>CMYK/YCCK JPEGs are colour-managed by TwelveMonkeys, Pillow inverts naively;</li>
 *   <li>a GIF's first frame is taken at its own size, not pasted on the logical screen;</li>
 *   <li>truncated JPEG/PNG/GIF/BMP are refused, as Pillow refuses them, and so is a JPEG whose
 *       scan ends early before an EOI, which Pillow would pad with grey.</li>
 * </ul>
 * On lossless input the resized bytes equal Pillow's exactly; on the shared JPEGs the decoded
 * bytes matched too (libjpeg and libjpeg-turbo agree on these baseline files).
 */
package io.catstream.image;
