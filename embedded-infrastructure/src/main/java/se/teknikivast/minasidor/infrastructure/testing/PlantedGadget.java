package se.teknikivast.minasidor.infrastructure.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * For tests that play someone who can write to Redis: stands in for a gadget chain's first class, one whose
 * {@code readObject} runs code of the attacker's choosing. Here that code only notes that it ran ({@link #ran()}), so a
 * test can plant {@link #serialized()} where a service keeps a JDK-serialized value and check that the service never
 * made an instance of it.
 */
public final class PlantedGadget implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final AtomicBoolean RAN = new AtomicBoolean();

    private PlantedGadget() {}

    /** Whether any planted gadget's readObject ran since the last {@link #reset()}. */
    public static boolean ran() {
        return RAN.get();
    }

    public static void reset() {
        RAN.set(false);
    }

    /** A gadget as JDK serialization writes it, to plant. */
    public static byte[] serialized() {
        return serialize(new PlantedGadget());
    }

    /** {@code value} as JDK serialization writes it (a gadget hidden in a collection, say). */
    public static byte[] serialize(Object value) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A gadget, to hide inside another value before {@link #serialize}. */
    public static PlantedGadget instance() {
        return new PlantedGadget();
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        RAN.set(true);
    }
}
