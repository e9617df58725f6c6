package io.rocketexpress.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a local installation started, stopped in the reverse order: a part never outlives what it needs. */
public final class Started implements AutoCloseable {

    private final List<AutoCloseable> parts = Collections.synchronizedList(new ArrayList<>());

    /** @return the part, now started and to be stopped with the rest */
    public <T extends AutoCloseable> T add(T part) {
        parts.add(part);
        return part;
    }

    /** Forgets a part stopped on its own. */
    public void remove(AutoCloseable part) {
        parts.remove(part);
    }

    /** Stops every part, the last started first; a part that fails to stop does not keep the others running. */
    @Override
    public void close() {
        List<AutoCloseable> reversed;
        synchronized (parts) {
            reversed = new ArrayList<>(parts);
            parts.clear();
        }
        Collections.reverse(reversed);
        for (AutoCloseable part : reversed) {
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("could not stop " + part + ": " + e.getMessage());
            }
        }
    }

    /** A port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
