package io.tributary.devstack;

import java.util.function.Supplier;

/** What the launcher is doing, and how long each step took. */
final class Progress {

    private Progress() {
    }

    static void say(String message) {
        System.out.println("devstack | " + message);
        System.out.flush();
    }

    static <T> T step(String what, Supplier<T> step) {
        say(what + " ...");
        long started = System.nanoTime();
        T result = step.get();
        say(what + ": done in " + String.format("%.1f s", (System.nanoTime() - started) / 1e9));
        return result;
    }
}
