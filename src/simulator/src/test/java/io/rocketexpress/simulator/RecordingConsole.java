package io.rocketexpress.simulator;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

final class RecordingConsole implements Console {

    final List<String> progress = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();

    @Override
    public void progress(String line) {
        progress.add(line);
    }

    @Override
    public void error(String line) {
        errors.add(line);
    }

    String log() {
        return String.join("\n", progress);
    }
}
