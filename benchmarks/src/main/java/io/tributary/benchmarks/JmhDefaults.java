package io.tributary.benchmarks;

import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The iteration settings every JMH benchmark of this module shares (JMH inherits these annotations): one state
 * per thread, three warm-up and five measured iterations of two seconds. A benchmark names its own mode, time
 * unit and forks; the command line ({@code -wi}, {@code -i}, {@code -f}) overrides any of them.
 */
@State(Scope.Thread)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class JmhDefaults {
}
