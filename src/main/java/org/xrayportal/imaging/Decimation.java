package org.xrayportal.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * Fitting an image into the viewport by area averaging (a box filter): each source pixel belongs to exactly one output
 * pixel, the one its centre falls in, and each output pixel is the rounded mean of its source pixels. The renderers
 * use it while they apply their lookup table, so a 5-megapixel frame becomes a 1,024 px image in one pass over the
 * pixel data, without a full-size intermediate image. Never enlarges; keeps the aspect ratio (same size rule as
 * before: the largest size that fits, each side rounded).
 */
final class Decimation {

    final int sourceWidth;
    final int sourceHeight;
    final int width;
    final int height;
    /** The output column of each source column. */
    final int[] columnOf;
    /** The number of source columns of each output column. */
    final int[] columns;
    /** The first source row of each output row, and the source height at the end. */
    final int[] rowStart;

    private Decimation(int sourceWidth, int sourceHeight, int width, int height) {
        this.sourceWidth = sourceWidth;
        this.sourceHeight = sourceHeight;
        this.width = width;
        this.height = height;
        this.columnOf = new int[sourceWidth];
        this.columns = new int[width];
        for (int x = 0; x < sourceWidth; x++) {
            columnOf[x] = cell(x, sourceWidth, width);
            columns[columnOf[x]]++;
        }
        this.rowStart = new int[height + 1];
        rowStart[height] = sourceHeight;
        for (int y = sourceHeight - 1; y >= 0; y--) {
            rowStart[cell(y, sourceHeight, height)] = y;
        }
    }

    /** The output cell that holds the centre of source pixel {@code i}: floor((i + 0.5) * out / in). */
    private static int cell(int i, int in, int out) {
        return (int) ((2L * i + 1) * out / (2L * in));
    }

    /** The decimation of a {@code sourceWidth}×{@code sourceHeight} image into the options' viewport. */
    static Decimation fit(int sourceWidth, int sourceHeight, RenderOptions options) {
        int width = sourceWidth;
        int height = sourceHeight;
        if (options.viewportWidth() != null) {
            double scale = Math.min(
                    (double) options.viewportWidth() / sourceWidth, (double) options.viewportHeight() / sourceHeight);
            if (scale < 1) {
                width = Math.max(1, (int) Math.round(sourceWidth * scale));
                height = Math.max(1, (int) Math.round(sourceHeight * scale));
            }
        }
        return new Decimation(sourceWidth, sourceHeight, width, height);
    }

    boolean identity() {
        return width == sourceWidth && height == sourceHeight;
    }

    /** Source rows of output row {@code y}. */
    int rows(int y) {
        return rowStart[y + 1] - rowStart[y];
    }

    /** The rounded means of one output row of grey sums (each {@code sums[x]} over {@code rows(y)} source rows). */
    void greyRow(int y, long[] sums, byte[] out) {
        int rows = rows(y);
        int offset = y * width;
        for (int x = 0; x < width; x++) {
            long count = (long) columns[x] * rows;
            out[offset + x] = (byte) ((sums[x] + count / 2) / count);
        }
    }

    /** An already displayed grey or RGB image fitted into the viewport; the image itself when it fits. */
    static BufferedImage apply(BufferedImage image, RenderOptions options) {
        Decimation d = fit(image.getWidth(), image.getHeight(), options);
        if (d.identity()) {
            return image;
        }
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY
                && image.getRaster().getDataBuffer() instanceof DataBufferByte buffer
                && buffer.getNumBanks() == 1
                && image.getRaster().getSampleModelTranslateX() == 0) {
            return d.grey(buffer.getData());
        }
        BufferedImage rgb = image;
        if (image.getType() != BufferedImage.TYPE_INT_RGB
                || !(image.getRaster().getDataBuffer() instanceof DataBufferInt)) {
            rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            var g = rgb.createGraphics();
            try {
                g.drawImage(image, 0, 0, null);
            } finally {
                g.dispose();
            }
        }
        return d.rgb(((DataBufferInt) rgb.getRaster().getDataBuffer()).getData());
    }

    private BufferedImage grey(byte[] source) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] out = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        long[] sums = new long[width];
        for (int y = 0; y < height; y++) {
            Arrays.fill(sums, 0);
            for (int sy = rowStart[y]; sy < rowStart[y + 1]; sy++) {
                int p = sy * sourceWidth;
                for (int x = 0; x < sourceWidth; x++) {
                    sums[columnOf[x]] += source[p + x] & 0xff;
                }
            }
            greyRow(y, sums, out);
        }
        return image;
    }

    /** Packed 0xRRGGBB pixels of the source, averaged per channel. */
    BufferedImage rgb(int[] source) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        long[] r = new long[width];
        long[] g = new long[width];
        long[] b = new long[width];
        for (int y = 0; y < height; y++) {
            Arrays.fill(r, 0);
            Arrays.fill(g, 0);
            Arrays.fill(b, 0);
            for (int sy = rowStart[y]; sy < rowStart[y + 1]; sy++) {
                int p = sy * sourceWidth;
                for (int x = 0; x < sourceWidth; x++) {
                    int c = columnOf[x];
                    int v = source[p + x];
                    r[c] += (v >> 16) & 0xff;
                    g[c] += (v >> 8) & 0xff;
                    b[c] += v & 0xff;
                }
            }
            int rows = rows(y);
            for (int x = 0; x < width; x++) {
                long count = (long) columns[x] * rows;
                long half = count / 2;
                out[y * width + x] =
                        (int) ((r[x] + half) / count << 16 | (g[x] + half) / count << 8 | (b[x] + half) / count);
            }
        }
        return image;
    }
}
