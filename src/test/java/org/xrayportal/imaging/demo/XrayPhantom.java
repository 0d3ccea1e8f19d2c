package org.xrayportal.imaging.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.util.Random;

/**
 * Draws synthetic radiographs with Java2D: soft tissue, air and bone at plausible densities, softened and with a
 * little quantum noise, so that a chest, a hand and a knee are recognisable. Brighter means more attenuation (the
 * MONOCHROME2 convention); the seeder inverts for MONOCHROME1.
 */
public final class XrayPhantom {

    /** The anatomy a phantom shows; the names are DICOM BodyPartExamined terms. */
    public enum BodyPart {
        CHEST,
        HAND,
        KNEE
    }

    private static final Color AIR = gray(18);
    private static final Color SOFT = gray(92);
    private static final Color BONE = gray(205);
    private static final Color CORTEX = gray(235);

    private XrayPhantom() {}

    /**
     * An 8-bit density image.
     *
     * @param variant small changes of pose, so the frames of a multi-frame instance differ
     */
    public static BufferedImage draw(BodyPart part, int width, int height, long seed, int variant) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(AIR);
            g.fillRect(0, 0, width, height);
            g.scale(width / 1000.0, height / 1000.0);
            g.rotate(Math.toRadians(variant * 4.0), 500, 500);
            switch (part) {
                case CHEST -> chest(g);
                case HAND -> hand(g, variant);
                case KNEE -> knee(g, variant);
            }
        } finally {
            g.dispose();
        }
        return noisy(blurred(image), seed);
    }

    private static void chest(Graphics2D g) {
        // Torso with shoulders
        Path2D torso = new Path2D.Double();
        torso.moveTo(60, 1000);
        torso.curveTo(70, 500, 80, 260, 200, 170);
        torso.curveTo(300, 110, 400, 110, 440, 60);
        torso.lineTo(560, 60);
        torso.curveTo(600, 110, 700, 110, 800, 170);
        torso.curveTo(920, 260, 930, 500, 940, 1000);
        torso.closePath();
        g.setColor(SOFT);
        g.fill(torso);
        // Lungs: dark, darker towards the periphery
        for (int side = -1; side <= 1; side += 2) {
            double cx = 500 + side * 185;
            Path2D lung = new Path2D.Double();
            lung.moveTo(500 + side * 60, 230);
            lung.curveTo(500 + side * 150, 170, 500 + side * 330, 250, 500 + side * 350, 820);
            lung.curveTo(500 + side * 250, 760, 500 + side * 120, 800, 500 + side * 70, 780);
            lung.closePath();
            g.setPaint(radial(cx, 520, 330, gray(52), gray(28)));
            g.fill(lung);
        }
        // Heart and mediastinum, heart shifted to the patient's left (image right)
        g.setPaint(radial(560, 640, 190, gray(120), gray(96)));
        g.fill(new Ellipse2D.Double(410, 500, 300, 260));
        g.setColor(gray(110));
        g.fill(new RoundRectangle2D.Double(440, 180, 120, 420, 60, 60));
        // Diaphragm domes
        g.setColor(SOFT);
        g.fill(new Arc2D.Double(130, 760, 360, 200, 0, 180, Arc2D.CHORD));
        g.fill(new Arc2D.Double(510, 780, 360, 200, 0, 180, Arc2D.CHORD));
        // Spine
        g.setColor(gray(150));
        for (int y = 120; y < 1000; y += 58) {
            g.fill(new RoundRectangle2D.Double(468, y, 64, 48, 14, 14));
        }
        // Ribs: arcs from the spine around each side
        g.setStroke(new BasicStroke(15, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int i = 0; i < 10; i++) {
            double y = 210 + i * 62;
            g.setColor(gray(150 - i * 3));
            for (int side = -1; side <= 1; side += 2) {
                Path2D rib = new Path2D.Double();
                rib.moveTo(500 + side * 35, y);
                rib.curveTo(500 + side * 200, y - 70, 500 + side * 370, y - 20, 500 + side * 340, y + 110);
                g.draw(rib);
            }
        }
        // Clavicles
        g.setStroke(new BasicStroke(22, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(BONE);
        for (int side = -1; side <= 1; side += 2) {
            Path2D clavicle = new Path2D.Double();
            clavicle.moveTo(500 + side * 40, 175);
            clavicle.curveTo(500 + side * 150, 150, 500 + side * 250, 190, 500 + side * 330, 150);
            g.draw(clavicle);
            // Humeral heads at the shoulders
            g.fill(new Ellipse2D.Double(500 + side * 380 - 60, 160, 120, 130));
        }
    }

    private static void hand(Graphics2D g, int variant) {
        g.setColor(SOFT);
        // Forearm and palm
        g.fill(new RoundRectangle2D.Double(330, 700, 340, 320, 120, 120));
        g.fill(new RoundRectangle2D.Double(280, 430, 440, 330, 140, 140));
        double[] fingerAngles = {-38, -14, -3, 8, 19};
        double[] fingerLengths = {230, 330, 360, 335, 270};
        double[] baseX = {300, 370, 470, 570, 660};
        double[] baseY = {610, 450, 430, 440, 470};
        for (int f = 0; f < 5; f++) {
            AffineTransform saved = g.getTransform();
            g.rotate(Math.toRadians(fingerAngles[f] + (f == 0 ? variant * 6 : 0)), baseX[f], baseY[f]);
            double width = f == 0 ? 70 : 62;
            g.setColor(SOFT);
            g.fill(new RoundRectangle2D.Double(
                    baseX[f] - width / 2, baseY[f] - fingerLengths[f], width, fingerLengths[f] + 40, 60, 60));
            // Phalanges with joint spaces
            int phalanges = f == 0 ? 2 : 3;
            double y = baseY[f];
            double segment = (fingerLengths[f] - 25) / phalanges;
            for (int p = 0; p < phalanges; p++) {
                double length = segment - 14;
                bone(g, baseX[f], y - length, width * 0.42, length);
                y -= segment;
            }
            // Metacarpal
            bone(g, baseX[f], baseY[f] + 12, width * 0.5, f == 0 ? 150 : 230);
            g.setTransform(saved);
        }
        // Carpal bones
        g.setColor(BONE);
        double[][] carpals = {{400, 720}, {455, 700}, {510, 700}, {565, 715}, {420, 770}, {480, 765}, {545, 770}};
        for (double[] c : carpals) {
            g.fill(new Ellipse2D.Double(c[0] - 30, c[1] - 26, 60, 52));
        }
        // Radius and ulna
        bone(g, 450, 810, 80, 260);
        bone(g, 575, 820, 58, 250);
    }

    private static void knee(Graphics2D g, int variant) {
        g.setColor(SOFT);
        Path2D leg = new Path2D.Double();
        leg.moveTo(250, 0);
        leg.curveTo(230, 350, 200, 520, 260, 1000);
        leg.lineTo(740, 1000);
        leg.curveTo(800, 520, 770, 350, 750, 0);
        leg.closePath();
        g.fill(leg);
        // Femur: shaft flaring into the condyles
        Path2D femur = new Path2D.Double();
        femur.moveTo(430, 0);
        femur.lineTo(430, 280);
        femur.curveTo(420, 360, 330, 390, 335, 460);
        femur.curveTo(340, 520, 450, 520, 495, 490);
        femur.curveTo(545, 520, 660, 520, 665, 460);
        femur.curveTo(670, 390, 580, 360, 570, 280);
        femur.lineTo(570, 0);
        femur.closePath();
        g.setColor(BONE);
        g.fill(femur);
        g.setColor(gray(150));
        g.fill(new RoundRectangle2D.Double(460, 0, 80, 300, 40, 40)); // medullary cavity
        // Tibia with its plateau, a joint space above it
        double gap = 22 + variant * 4;
        Path2D tibia = new Path2D.Double();
        tibia.moveTo(345, 510 + gap);
        tibia.lineTo(655, 510 + gap);
        tibia.curveTo(660, 580, 590, 620, 575, 700);
        tibia.lineTo(565, 1000);
        tibia.lineTo(445, 1000);
        tibia.lineTo(430, 700);
        tibia.curveTo(410, 620, 340, 580, 345, 510 + gap);
        tibia.closePath();
        g.setColor(BONE);
        g.fill(tibia);
        g.setColor(gray(160));
        g.fill(new RoundRectangle2D.Double(470, 680, 70, 320, 35, 35));
        // Fibula, lateral and thin
        bone(g, 655, 640, 46, 360);
        // Patella overlapping the femoral condyles
        g.setPaint(radial(500, 420, 80, gray(230), gray(190)));
        g.fill(new Ellipse2D.Double(435, 350, 130, 150));
        // Cortex lines along the femoral shaft
        g.setColor(CORTEX);
        g.setStroke(new BasicStroke(10));
        g.draw(new java.awt.geom.Line2D.Double(436, 0, 436, 270));
        g.draw(new java.awt.geom.Line2D.Double(564, 0, 564, 270));
    }

    /** A long bone: bright cortex, slightly darker medulla, rounded ends. */
    private static void bone(Graphics2D g, double centerX, double top, double width, double length) {
        g.setColor(BONE);
        g.fill(new RoundRectangle2D.Double(centerX - width / 2, top, width, length, width * 0.8, width * 0.6));
        g.setColor(gray(170));
        g.fill(new RoundRectangle2D.Double(
                centerX - width / 4,
                top + width * 0.3,
                width / 2,
                Math.max(1, length - width * 0.6),
                width / 2,
                width / 2));
    }

    private static RadialGradientPaint radial(double cx, double cy, double radius, Color inner, Color outer) {
        return new RadialGradientPaint(
                new Point2D.Double(cx, cy),
                (float) radius,
                new float[] {0f, 1f},
                new Color[] {inner, outer},
                MultipleGradientPaint.CycleMethod.NO_CYCLE);
    }

    private static BufferedImage blurred(BufferedImage image) {
        int size = 5;
        float[] weights = new float[size * size];
        java.util.Arrays.fill(weights, 1f / weights.length);
        return new ConvolveOp(new Kernel(size, size, weights), ConvolveOp.EDGE_NO_OP, null).filter(image, null);
    }

    private static BufferedImage noisy(BufferedImage image, long seed) {
        Random random = new Random(seed);
        var raster = image.getRaster();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int v = raster.getSample(x, y, 0) + (int) Math.round(random.nextGaussian() * 3);
                raster.setSample(x, y, 0, Math.clamp(v, 0, 255));
            }
        }
        return image;
    }

    private static Color gray(int value) {
        return new Color(value, value, value);
    }
}
