package io.tributary.connect.jdbc;

import java.util.List;

/** The reader threads of a connector's tasks that are alive now, by name. */
final class ReaderThreads {

    private ReaderThreads() {
    }

    static List<String> alive(String connector) {
        String prefix = JdbcSourceTask.READER_THREAD_PREFIX + connector + "-";
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith(prefix))
                .map(Thread::getName)
                .sorted()
                .toList();
    }
}
