package se.teknikivast.minasidor.bankid.qr;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class QrImagesTests {

    @Test
    void theSvgScansBackToThePayload() throws Exception {
        var payload = QrCodes.payload(QrCodesTests.TOKEN, QrCodesTests.SECRET, 3);
        var svg = QrImages.svg(payload);
        assertThat(svg).startsWith("<svg").doesNotContain("<script");

        // Paint the SVG's unit squares into pixels and read them with a QR decoder, like a phone camera would.
        var size = Integer.parseInt(svg.replaceAll("(?s).*viewBox=\"0 0 (\\d+) .*", "$1"));
        int scale = 4;
        var pixels = new int[size * scale * size * scale];
        java.util.Arrays.fill(pixels, 0xFFFFFFFF);
        var module = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(svg);
        while (module.find()) {
            int x = Integer.parseInt(module.group(1));
            int y = Integer.parseInt(module.group(2));
            for (int dy = 0; dy < scale; dy++) {
                for (int dx = 0; dx < scale; dx++) {
                    pixels[(y * scale + dy) * size * scale + x * scale + dx] = 0xFF000000;
                }
            }
        }
        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(size * scale, size * scale, pixels)));
        assertThat(new QRCodeReader().decode(bitmap).getText()).isEqualTo(payload);
    }
}
